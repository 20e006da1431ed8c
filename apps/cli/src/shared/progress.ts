/**
 * Progress of long work on stderr, so stdout stays clean for pipes. On a terminal one line is
 * redrawn in place (at most every 100 ms); elsewhere (CI logs, tests) a line is written at most
 * every 2 s and once at the end.
 */
export interface Progress {
  /** `done` items so far (`total` may grow when it was only an estimate), and a note to show. */
  update(done: number, detail?: string): void;
  /** Writes the final line (with an optional note) and ends the redraw; later calls do nothing. */
  finish(note?: string): void;
}

interface ProgressTarget {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  label: string;
  /** Items expected, when known (e.g. the number of events in the store). */
  total: number | null;
  unit: string;
  enabled: boolean;
  target?: ProgressTarget;
  now?: () => number;
}

const barWidth = 24;
const ttyIntervalMs = 100;
const logIntervalMs = 2_000;

const silentProgress: Progress = { update: () => undefined, finish: () => undefined };

export function startProgress(options: ProgressOptions): Progress {
  if (!options.enabled) return silentProgress;
  const target = options.target ?? process.stderr;
  const now = options.now ?? Date.now;
  const tty = target.isTTY === true;
  const intervalMs = tty ? ttyIntervalMs : logIntervalMs;
  let lastDrawMs = now();
  let done = 0;
  let detail = '';
  let finished = false;
  const render = (): string => {
    const count = `${done.toLocaleString('en-US')} ${options.unit}`;
    if (options.total === null || options.total <= 0) return `${options.label}: ${count}`;
    const total = Math.max(options.total, done);
    const share = done / total;
    const filled = Math.round(share * barWidth);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
    return `${options.label} ${bar} ${Math.floor(share * 100)}% ${count} of ${total.toLocaleString('en-US')}`;
  };
  const draw = (final: boolean, note = ''): void => {
    const text = [render(), detail, note].filter((part) => part).join(' ');
    if (tty) target.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    else target.write(`${text}\n`);
  };
  return {
    update(value, note) {
      if (finished) return;
      done = value;
      detail = note ?? '';
      const at = now();
      if (at - lastDrawMs < intervalMs) return;
      lastDrawMs = at;
      draw(false);
    },
    finish(note) {
      if (finished) return;
      finished = true;
      draw(true, note);
    },
  };
}
