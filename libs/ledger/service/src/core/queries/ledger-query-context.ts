import type { SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import type { LedgerProjectionName } from '../projections/ledger-projection-spec';
import { liveVersion, type ProjectionVersion } from '../registry/projection-registry';
import { qualifiedName } from '../tables/table-spec';
import type { Replayed } from '../as-of/replay';

/**
 * How an answer was computed: from the live read-model tables, or by replaying the log up to
 * `asOf` with the domain projections (the live tables untouched).
 */
export type ComputedAt =
  | {
      source: 'live';
      /** The lowest of the answering projections' highest applied global positions. */
      position: number;
      projections: Array<{ projection: LedgerProjectionName; version: number; position: number }>;
    }
  | ({ source: 'replay' } & Replayed);

// Column lists cast numbers to text under their own names: ORDER BY must name the table's column
// (`t.global_position`), or it sorts the text alias ('10' before '2').

/** Bounds of one answer (TigerStyle: every page has a limit). */
export const pageLimitMax = 1_000;
export const agingAccountsMax = 1_000;

export interface Page<T> {
  items: T[];
  /** Pass as `afterPosition` for the next page; null on the last page. */
  nextAfterPosition: number | null;
}

export function pageOf<T>(items: T[], limit: number, positionOf: (item: T) => number): Page<T> {
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page,
    nextAfterPosition: items.length > limit && last !== undefined ? positionOf(last) : null,
  };
}

/** The live tables of the answering projections, and how far they have read. */
export interface LiveTables {
  tables: (name: string, projection: LedgerProjectionName) => string;
  computedAt: ComputedAt;
}

/**
 * What every ledger query reads from, without Nest: the read-model database (its live projection
 * versions) and, for an `asOf` answer, the log replayed with the upcasters. Each query is a
 * function of this context in its own slice (`http/<area>/queries/<query>/<query>.query.ts`).
 */
export class LedgerQueryContext {
  constructor(
    readonly db: SqlExecutor,
    private readonly options: { upcasters?: UpcasterRegistry } = {},
  ) {}

  /** The live version of each projection named; throws if one has none yet. */
  async live(...projections: LedgerProjectionName[]): Promise<LiveTables> {
    const versions = new Map<LedgerProjectionName, ProjectionVersion>();
    for (const projection of projections) {
      const version = await liveVersion(this.db, projection);
      if (version === null)
        throw new Error(`Ledger projection ${projection} has no live version yet`);
      versions.set(projection, version);
    }
    const list = [...versions.values()];
    return {
      tables: (name, projection) =>
        qualifiedName(name, (versions.get(projection) as ProjectionVersion).version),
      computedAt: {
        source: 'live',
        position: Math.min(...list.map((v) => v.position)),
        projections: list.map((v) => ({
          projection: v.projection,
          version: v.version,
          position: v.position,
        })),
      },
    };
  }

  /** What a replay of the log needs: the database and the upcasters. */
  replayOptions(): { db: SqlExecutor; upcasters?: UpcasterRegistry } {
    return {
      db: this.db,
      ...(this.options.upcasters ? { upcasters: this.options.upcasters } : {}),
    };
  }
}
