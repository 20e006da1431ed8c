import type { TimelineEvent } from '../api/types';
import { hrefOf } from '../lib/route';
import { timelineRows, type TimelineOrder } from './timeline';

/** The account's events in either order, back-dated ones marked; each opens that moment. */
export function TimelinePanel({
  account,
  events,
  order,
  params,
}: {
  account: string;
  events: TimelineEvent[];
  order: TimelineOrder;
  params: Record<string, string>;
}) {
  const rows = timelineRows(events, order);
  const other: TimelineOrder = order === 'recorded' ? 'business' : 'recorded';
  return (
    <details data-testid="timeline" open={params['order'] !== undefined}>
      <summary>
        Timeline:{' '}
        {order === 'recorded' ? 'as we knew it (recorded order)' : 'as it happened (business time)'}
      </summary>
      <p>
        <a href={hrefOf('audit', { ...params, account, order: other })}>
          Show{' '}
          {other === 'recorded'
            ? 'as we knew it (recorded order)'
            : 'as it happened (business time)'}
        </a>
      </p>
      <table>
        <caption class="sr-only">Events of the account</caption>
        <thead>
          <tr>
            <th scope="col">Position</th>
            <th scope="col">Event</th>
            <th scope="col">Service</th>
            <th scope="col">Business time</th>
            <th scope="col">Recorded</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr
              key={e.eventId}
              class={e.backDated ? 'back-dated' : ''}
              data-testid="timeline-row"
              data-back-dated={String(e.backDated)}
            >
              <td>
                <a href={hrefOf('audit', { account, asOf: String(e.globalPosition), order })}>
                  {e.globalPosition}
                </a>
              </td>
              <th scope="row">{e.type}</th>
              <td>{e.service}</td>
              <td>{e.occurredAt}</td>
              <td>{e.recordedAt}</td>
              <td>{e.backDated ? 'back-dated: recorded after later business events' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
