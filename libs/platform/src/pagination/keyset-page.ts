import { encodePageCursor } from './page-cursor';
import { pageLimitDefault } from './page-query.decorators';

/** One page of a list: its rows in the list's order, and the cursor of the next page. */
export interface Page<Item> {
  items: Item[];
  /** Pass as `cursor` for the next page; null when this page is the last. */
  next: string | null;
}

/**
 * The page from rows fetched with `LIMIT limit + 1`: the extra row only says another page exists.
 * `keyOf` gives a row's sort key (id last), which the next page starts strictly after.
 */
export function keysetPage<Item>(
  rows: Item[],
  limit: number,
  list: string,
  keyOf: (item: Item) => readonly string[],
): Page<Item> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next =
    rows.length > limit && last !== undefined ? encodePageCursor(list, keyOf(last)) : null;
  return { items, next };
}

/** The limit a query asked for, or the default. */
export function pageLimitOf(query: { limit?: number }): number {
  return query.limit ?? pageLimitDefault;
}

/**
 * The WHERE clause of a list query, built from the filters a client gave (only those, so the
 * planner sees a plain condition per filter and picks the index that matches), with numbered
 * parameters. Values are always parameters, never spliced into the text.
 */
export class SqlConditions {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** `$n` for `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds `build($n)` when `value` is given. */
  when<Value>(value: Value | undefined, build: (placeholder: string) => string): this {
    if (value !== undefined) this.conditions.push(build(this.param(value)));
    return this;
  }

  add(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** Rows strictly after `key` in the order of `columns` (a row comparison an index serves). */
  after(columns: readonly string[], key: readonly string[] | undefined): this {
    if (!key) return this;
    const placeholders = key.map((value) => this.param(value));
    return this.add(`(${columns.join(', ')}) > (${placeholders.join(', ')})`);
  }

  sql(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }
}
