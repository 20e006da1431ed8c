import { correlationTrail } from '../api/ledger';
import { useLoad } from '../lib/use-load';

/**
 * One flow across services (payment → allocation → invoice paid → dunning stopped): every event
 * that carries the correlation id, with who did it and which event caused it.
 */
export function TrailPanel({
  account,
  correlationId,
  onClose,
}: {
  account: string;
  correlationId: string;
  onClose: () => void;
}) {
  const loaded = useLoad(() => correlationTrail(account, correlationId), [account, correlationId]);
  return (
    <section aria-labelledby="trail-title" data-testid="trail">
      <h2 id="trail-title">Causation trail of {correlationId}</h2>
      {loaded.state === 'loading' && <p role="status">Loading the trail…</p>}
      {loaded.state === 'failed' && <p role="alert">{loaded.message}</p>}
      {loaded.state === 'ready' && (
        <table>
          <caption class="sr-only">Events of this flow</caption>
          <thead>
            <tr>
              <th scope="col">Position</th>
              <th scope="col">Service</th>
              <th scope="col">Event</th>
              <th scope="col">Actor</th>
              <th scope="col">Business time</th>
              <th scope="col">Recorded</th>
              <th scope="col">Event id</th>
              <th scope="col">Caused by</th>
            </tr>
          </thead>
          <tbody>
            {loaded.value.items.map((e) => (
              <tr key={e.eventId} data-testid="trail-row">
                <td>{e.globalPosition}</td>
                <td>{e.service}</td>
                <th scope="row">{e.type}</th>
                <td>
                  {e.actorId} ({e.actorRoles.join(', ')})
                </td>
                <td>{e.occurredAt}</td>
                <td>{e.recordedAt}</td>
                <td class="mono">{e.eventId}</td>
                <td class="mono">{e.causationId ?? 'the command'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={onClose}>
        Close the trail
      </button>
    </section>
  );
}
