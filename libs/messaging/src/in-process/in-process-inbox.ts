/**
 * Remembers which event ids each subscriber has handled. The in-memory one suits a single
 * process; an embedded service whose handler writes to PGlite may record ids there instead.
 */
export interface InProcessInbox {
  isHandled(groupId: string, eventId: string): Promise<boolean>;
  markHandled(groupId: string, eventId: string): Promise<void>;
}

export class InMemoryInbox implements InProcessInbox {
  private readonly handled = new Map<string, Set<string>>();

  async isHandled(groupId: string, eventId: string): Promise<boolean> {
    return this.handled.get(groupId)?.has(eventId) ?? false;
  }

  async markHandled(groupId: string, eventId: string): Promise<void> {
    let ids = this.handled.get(groupId);
    if (!ids) this.handled.set(groupId, (ids = new Set()));
    ids.add(eventId);
  }
}
