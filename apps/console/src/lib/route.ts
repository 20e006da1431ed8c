/**
 * Every view's state lives in the URL's hash (`#/audit?account=…&asOf=…&date=…`), so a view can be
 * cited, bookmarked and reloaded as it was.
 */
export type ViewName =
  'sign-in' | 'worklist' | 'audit' | 'account' | 'invoice' | 'statement' | 'chain' | 'dashboard';

export interface Route {
  view: ViewName;
  params: Record<string, string>;
}

const views: readonly ViewName[] = [
  'sign-in',
  'worklist',
  'audit',
  'account',
  'invoice',
  'statement',
  'chain',
  'dashboard',
];

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const view = (views as readonly string[]).includes(path) ? (path as ViewName) : 'worklist';
  return { view, params: Object.fromEntries(new URLSearchParams(query)) };
}

export function hrefOf(view: ViewName, params: Record<string, string | undefined> = {}): string {
  const defined = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  const query = new URLSearchParams(defined).toString();
  return `#/${view}${query ? `?${query}` : ''}`;
}

export function navigate(view: ViewName, params: Record<string, string | undefined> = {}): void {
  window.location.hash = hrefOf(view, params);
}
