import type { AccountReplay } from '../api/types';

const services = new Set(['collections', 'disputes']);

/**
 * Dunning steps, promises, plans and disputes as the log held them at the moment: the server's
 * replayed timeline up to that position, these services' events only, newest first per stream.
 */
export function CollectionsAtMoment({ replay }: { replay: AccountReplay }) {
  const events = replay.timeline
    .filter((e) => services.has(e.service))
    .sort((a, b) => a.streamId.localeCompare(b.streamId) || b.globalPosition - a.globalPosition);
  if (events.length === 0) return <p>No collections or dispute events yet at this moment.</p>;
  return (
    <table data-testid="collections-at-moment">
      <caption>Collections and disputes up to this moment</caption>
      <thead>
        <tr>
          <th scope="col">Case or dispute</th>
          <th scope="col">Event</th>
          <th scope="col">Business time</th>
          <th scope="col">Position</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.eventId}>
            <td class="mono">{e.streamId}</td>
            <th scope="row">{e.type}</th>
            <td>{e.occurredAt}</td>
            <td>{e.globalPosition}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
