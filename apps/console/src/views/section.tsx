import type { ComponentChildren } from 'preact';
import type { Loaded } from '../lib/use-load';

/** A titled part of a page that loads on its own: one service down does not blank the page. */
export function Section<T>({
  title,
  id,
  loaded,
  children,
}: {
  title: string;
  id: string;
  loaded: Loaded<T>;
  children: (value: T) => ComponentChildren;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {loaded.state === 'loading' && <p role="status">Loading…</p>}
      {loaded.state === 'failed' && <p role="alert">{loaded.message}</p>}
      {loaded.state === 'ready' && children(loaded.value)}
    </section>
  );
}
