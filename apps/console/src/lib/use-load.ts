import { useEffect, useState } from 'preact/hooks';

export type Loaded<T> =
  { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; value: T };

/**
 * Runs `load` whenever one of `deps` changes; an answer that arrives late for old deps is dropped.
 * With `keep`, what was shown stays while it reloads (a page refreshed after a command keeps its
 * forms and their messages); without it, nothing stale is shown as current (the auditor's figures).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
  options: { keep?: boolean } = {},
): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    if (!options.keep) setLoaded({ state: 'loading' });
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) =>
        current && setLoaded({ state: 'failed', message: (error as Error).message }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return loaded;
}
