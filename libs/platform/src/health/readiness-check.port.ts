/** Something the service needs to serve traffic: resolves when reachable, throws (briefly) when not. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface ReadinessResult {
  name: string;
  status: 'up' | 'down';
  /** Why it is down, in a few words; never a connection string. */
  reason?: string;
  durationMs: number;
}
