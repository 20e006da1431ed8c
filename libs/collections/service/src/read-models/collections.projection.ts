import {
  loadAggregate,
  streamCategory,
  type EventStore,
  type RecordedEvent,
  type SqlExecutor,
} from '@billing/event-store';
import {
  collectionCaseStream,
  collectionsStreamCategories as categories,
  paymentPlanStream,
  writeOffStream,
  type AccountSegmentAssigned,
} from '@billing/contracts';
import {
  chaseableAmount,
  collectionCaseDecider,
  paymentPlanDecider,
  writeOffDecider,
} from '@billing/collections-domain';
import { writeOffView } from '../write-offs/write-off.view';
import type { Projection } from '@billing/read-models';

/**
 * `collections_rm.cases`, `payment_plans`, `write_offs` and the segment of `accounts`. Each row is
 * its aggregate's folded stream (streams are short and bounded), so a query can never disagree
 * with the decider about an amount; the stream version guards against an older fold landing last.
 */
export function collectionsProjection(store: EventStore): Projection {
  return {
    name: 'collections.read-models.v1',
    filter: {
      categories: [
        categories.collectionCase,
        categories.paymentPlan,
        categories.writeOff,
        categories.collectionsAccount,
      ],
    },
    apply: async (event: RecordedEvent, db: SqlExecutor) => {
      const category = streamCategory(event.streamId);
      const id = event.streamId.slice(category.length + 1);
      switch (category) {
        case categories.collectionCase:
          return upsertCase(store, db, id);
        case categories.paymentPlan:
          return upsertPlan(store, db, id);
        case categories.writeOff:
          return upsertWriteOff(store, db, id);
        case categories.collectionsAccount:
          // The account's write-off counts are for the deciders; only the segment is shown.
          if (event.type !== 'AccountSegmentAssigned') return;
          return upsertSegment(db, event.data as AccountSegmentAssigned);
        default:
          return;
      }
    },
  };
}

async function upsertCase(store: EventStore, db: SqlExecutor, invoiceId: string): Promise<void> {
  const { state, streamVersion } = await loadAggregate(
    store,
    collectionCaseDecider,
    collectionCaseStream(invoiceId),
  );
  if (state.status === 'untracked') return;
  await db.query(
    `INSERT INTO collections_rm.cases (invoice_id, billing_account_id, invoice_number, currency, status,
       due_date, amount_open, amount_chaseable, plan_id, promise_date, state, stream_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (invoice_id) DO UPDATE SET status = EXCLUDED.status, amount_open = EXCLUDED.amount_open,
       amount_chaseable = EXCLUDED.amount_chaseable, plan_id = EXCLUDED.plan_id,
       promise_date = EXCLUDED.promise_date, state = EXCLUDED.state, stream_version = EXCLUDED.stream_version
     WHERE collections_rm.cases.stream_version <= EXCLUDED.stream_version`,
    [
      state.invoiceId,
      state.billingAccountId,
      state.invoiceNumber,
      state.currency,
      state.status,
      state.dueDate,
      state.amountOpen,
      chaseableAmount(state).amount,
      state.plan?.planId ?? null,
      state.promise?.promisedDate ?? null,
      JSON.stringify(state),
      streamVersion,
    ],
  );
}

async function upsertPlan(store: EventStore, db: SqlExecutor, planId: string): Promise<void> {
  const { state, streamVersion } = await loadAggregate(
    store,
    paymentPlanDecider,
    paymentPlanStream(planId),
  );
  if (state.status === 'none') return;
  await db.query(
    `INSERT INTO collections_rm.payment_plans (plan_id, billing_account_id, status, state, stream_version)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (plan_id) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state,
       stream_version = EXCLUDED.stream_version
     WHERE collections_rm.payment_plans.stream_version <= EXCLUDED.stream_version`,
    [state.planId, state.billingAccountId, state.status, JSON.stringify(state), streamVersion],
  );
}

/** A write-off as a reviewer reads it: the request and, once decided, who decided it and why. */
async function upsertWriteOff(
  store: EventStore,
  db: SqlExecutor,
  writeOffId: string,
): Promise<void> {
  const { state, streamVersion } = await loadAggregate(
    store,
    writeOffDecider,
    writeOffStream(writeOffId),
  );
  const view = writeOffView(state);
  if (!view) return;
  await db.query(
    `INSERT INTO collections_rm.write_offs (write_off_id, billing_account_id, status, state, stream_version)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (write_off_id) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state,
       stream_version = EXCLUDED.stream_version
     WHERE collections_rm.write_offs.stream_version <= EXCLUDED.stream_version`,
    [writeOffId, view.billingAccountId, view.status, JSON.stringify(view), streamVersion],
  );
}

async function upsertSegment(db: SqlExecutor, data: AccountSegmentAssigned): Promise<void> {
  await db.query(
    `INSERT INTO collections_rm.accounts (billing_account_id, segment) VALUES ($1, $2)
     ON CONFLICT (billing_account_id) DO UPDATE SET segment = EXCLUDED.segment`,
    [data.billingAccountId, data.segment],
  );
}
