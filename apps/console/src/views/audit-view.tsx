import { accountAging, replayAccount } from '../api/ledger';
import type { AccountReplay } from '../api/types';
import { hrefOf, navigate } from '../lib/route';
import { useLoad } from '../lib/use-load';
import { AccountPicker } from './account-picker';
import { AgingFigures, BalanceFigures, OpenItems } from './audit-figures';
import { ComparePanel } from './compare-panel';
import { CollectionsAtMoment } from './collections-at-moment';
import { evidenceFor } from './evidence';
import { EvidencePanel } from './evidence-panel';
import { MomentSlider } from './moment-slider';
import { AccessPanel } from './access-panel';
import { TrailPanel } from './trail-panel';
import { TimelinePanel } from './timeline-panel';

type Params = Record<string, string>;

/**
 * An account on a time slider: every figure replayed by the server as of the chosen moment
 * (never folded here), each clickable to the events behind it. All of it is in the URL.
 */
export function AuditView({ params }: { params: Params }) {
  const account = params['account'];
  if (!account) return <AccountPicker view="audit" title="Audit an account" />;
  return <AuditOfAccount account={account} params={params} />;
}

function AuditOfAccount({ account, params }: { account: string; params: Params }) {
  const history = useLoad(() => replayAccount(account), [account]);
  if (history.state === 'loading') return <p role="status">Loading the account's history…</p>;
  if (history.state === 'failed') return <p role="alert">{history.message}</p>;
  const moments = history.value.timeline;
  const found = moments.findIndex((m) => String(m.globalPosition) === params['asOf']);
  const index = found >= 0 ? found : moments.length - 1;
  const moment = moments[index];
  const asOf = moment ? String(moment.globalPosition) : undefined;
  const date = params['date'] ?? moment?.occurredAt.slice(0, 10) ?? today();
  const go = (next: Params) => navigate('audit', { account, ...next });
  // A comparison in progress survives moving the slider or the aging date.
  const compare: Params = params['from']
    ? { from: params['from'], fromDate: params['fromDate'] ?? date }
    : {};
  return (
    <>
      <h1>Account {account} as of a moment</h1>
      <MomentSlider
        moments={moments}
        index={index}
        onMove={(i) => go({ ...compare, asOf: String(moments[i]?.globalPosition ?? '') })}
      />
      <label class="inline">
        Aging date{' '}
        <input
          type="date"
          value={date}
          onChange={(e) =>
            go({
              ...compare,
              ...(asOf ? { asOf } : {}),
              date: (e.target as HTMLInputElement).value,
            })
          }
        />
      </label>
      <CompareControls params={params} asOf={asOf} date={date} go={go} />
      <FiguresAt account={account} asOf={asOf} date={date} params={params} />
      <TimelinePanel
        account={account}
        events={moments}
        order={params['order'] === 'business' ? 'business' : 'recorded'}
        params={params}
      />
      <AccessPanel account={account} />
    </>
  );
}

function FiguresAt({
  account,
  asOf,
  date,
  params,
}: {
  account: string;
  asOf: string | undefined;
  date: string;
  params: Params;
}) {
  const loaded = useLoad(
    () => Promise.all([replayAccount(account, asOf), accountAging(account, date, asOf)]),
    [account, asOf, date],
  );
  if (loaded.state === 'loading') return <p role="status">Replaying the log…</p>;
  if (loaded.state === 'failed') return <p role="alert">{loaded.message}</p>;
  const [replay, aging] = loaded.value;
  const open = (figure: string) => navigate('audit', { ...params, figure });
  const evidence = params['figure'] ? evidenceFor(params['figure'], replay, aging) : undefined;
  return (
    <div data-testid="figures" data-position={replay.computedAt.position}>
      <Computed replay={replay} />
      <BalanceFigures replay={replay} onOpen={open} />
      <OpenItems
        replay={replay}
        onOpen={open}
        invoiceHref={(id) => hrefOf('invoice', { id, account })}
      />
      <AgingFigures aging={aging} onOpen={open} />
      <CollectionsAtMoment replay={replay} />
      {params['from'] && (
        <ComparePanel
          account={account}
          from={params['from']}
          fromDate={params['fromDate'] ?? date}
          current={{ replay, aging }}
        />
      )}
      {evidence && (
        <EvidencePanel
          evidence={evidence}
          view={{
            account,
            asOf: String(replay.computedAt.position),
            date,
            figure: params['figure'] ?? '',
          }}
          onClose={() => navigate('audit', { ...params, figure: undefined })}
          onTrail={(trail) => navigate('audit', { ...params, trail })}
        />
      )}
      {params['trail'] && (
        <TrailPanel
          account={account}
          correlationId={params['trail']}
          onClose={() => navigate('audit', { ...params, trail: undefined })}
        />
      )}
    </div>
  );
}

/** Keeps this moment as the comparison's start (`from`, `fromDate` in the URL) or stops comparing. */
function CompareControls({
  params,
  asOf,
  date,
  go,
}: {
  params: Params;
  asOf: string | undefined;
  date: string;
  go: (next: Params) => void;
}) {
  const { from: _from, fromDate: _fromDate, ...rest } = params;
  if (params['from'])
    return (
      <p>
        Comparing from position {params['from']}.{' '}
        <button type="button" onClick={() => go(rest)}>
          Stop comparing
        </button>
      </p>
    );
  if (!asOf) return null;
  return (
    <p>
      <button type="button" onClick={() => go({ ...params, from: asOf, fromDate: date })}>
        Compare from this moment
      </button>{' '}
      then move the slider to the later moment.
    </p>
  );
}

function Computed({ replay }: { replay: AccountReplay }) {
  return (
    <p class="note">
      Computed by the server's {replay.computedAt.source} of {replay.computedAt.eventsReplayed}{' '}
      events up to global position {replay.computedAt.position}.
    </p>
  );
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
