import { accessLog } from '../api/ledger';
import { useLoad } from '../lib/use-load';

/** Who viewed this account: the newest entries of the access log (auditors only). */
export function AccessPanel({ account }: { account: string }) {
  const loaded = useLoad(() => accessLog(account), [account]);
  return (
    <details data-testid="access-log">
      <summary>Who viewed this account</summary>
      {loaded.state === 'failed' && <p role="alert">{loaded.message}</p>}
      {loaded.state === 'ready' && (
        <ul>
          {loaded.value.entries.map((e, i) => (
            <li key={e.accessId ?? i}>
              {e.accessedAt} · {e.subject} ({e.roles.join(', ')}) · {e.operation}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
