import type { TimelineEvent } from '../api/types';

/**
 * The account's moments: one stop after each of its events, in the log's order. The position is
 * what the server replays to (`asOf`); the business date is the date the aging is taken at.
 */
export function MomentSlider({
  moments,
  index,
  onMove,
}: {
  moments: TimelineEvent[];
  index: number;
  onMove: (index: number) => void;
}) {
  const moment = moments[index];
  if (!moment) return <p>This account has no events yet.</p>;
  return (
    <div class="slider">
      <label for="moment">As of</label>
      <input
        id="moment"
        type="range"
        min={0}
        max={moments.length - 1}
        step={1}
        value={index}
        aria-valuetext={`after event ${moment.globalPosition}, ${moment.type}, business date ${moment.occurredAt.slice(0, 10)}`}
        onInput={(e) => onMove(Number((e.target as HTMLInputElement).value))}
      />
      <output for="moment" data-testid="moment">
        after position {moment.globalPosition} ({moment.type}) · business date{' '}
        {moment.occurredAt.slice(0, 10)} · recorded {moment.recordedAt}
      </output>
      <div class="steps">
        <button type="button" disabled={index === 0} onClick={() => onMove(index - 1)}>
          Previous event
        </button>
        <button
          type="button"
          disabled={index === moments.length - 1}
          onClick={() => onMove(index + 1)}
        >
          Next event
        </button>
      </div>
    </div>
  );
}
