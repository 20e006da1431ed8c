import { useState } from 'preact/hooks';
import { checkChain, type ChainCheck } from '../lib/chain-check';

/**
 * The hash chain checked in this browser: every event's content rehashed from its canonical
 * bytes and every link recomputed with WebCrypto, up to the head the server has sealed.
 */
export function ChainView() {
  const [progress, setProgress] = useState<number>();
  const [result, setResult] = useState<ChainCheck>();
  const [error, setError] = useState<string>();
  const run = () => {
    setResult(undefined);
    setError(undefined);
    checkChain(setProgress).then(setResult, (e: unknown) => setError((e as Error).message));
  };
  return (
    <>
      <h1>Check the hash chain</h1>
      <p>
        This page recomputes, in your browser, the SHA-256 of every sealed event's canonical bytes
        and every link of the global chain, and compares the last link with the head the server
        reports. It trusts the server for the head itself: the independent check is the CLI (
        <code>npm run cli -- verify --expect-head &lt;position:hash&gt;</code>) against a head you
        kept.
      </p>
      <button type="button" onClick={run}>
        Check the chain
      </button>
      {progress !== undefined && !result && !error && (
        <p role="status">{progress} events checked…</p>
      )}
      {error && <p role="alert">{error}</p>}
      {result && <ChainResult result={result} />}
    </>
  );
}

function ChainResult({ result }: { result: ChainCheck }) {
  if (result.firstBad)
    return (
      <div role="alert" class="bad" data-testid="chain-result">
        <p>
          The chain breaks at seal entry {result.firstBad.sequence}, global position{' '}
          {result.firstBad.globalPosition}, event{' '}
          <span class="mono">{result.firstBad.eventId}</span>: {result.firstBad.reason}.
        </p>
        <p>{result.checked} events before it hold.</p>
      </div>
    );
  const matches = result.computedAtHead === result.head.hash;
  return (
    <div role="status" class={matches ? 'ok' : 'bad'} data-testid="chain-result">
      <p>
        {result.checked} events checked: every content hash and link holds
        {matches
          ? `, and the chain ends at the sealed head (position ${result.head.position}, ${result.head.hash.slice(0, 16)}…).`
          : `, but the link computed at the head's entry (${result.computedAtHead ?? 'none'}) is not the sealed head ${result.head.hash}.`}
      </p>
      <p class="mono">
        Keep: {result.head.position}:{result.head.hash}
      </p>
    </div>
  );
}
