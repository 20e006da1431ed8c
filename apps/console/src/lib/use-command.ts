import { useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey, postCommand } from '../api/client';

export interface Command<T> {
  busy: boolean;
  error: string | undefined;
  result: T | undefined;
  run(path: string, body: unknown): Promise<T | undefined>;
}

/**
 * One intended action (issue, credit, post a payment). Its Idempotency-Key is kept until the
 * server has answered it, so a second click or a retry after a lost answer is the same request
 * and is answered from the first run; a new key is taken for the next action only.
 */
export function useCommand<T>(onDone?: (result: T) => void): Command<T> {
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<T>();
  const run = async (path: string, body: unknown) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await postCommand<T>(path, body, key);
      setResult(answer);
      setKey(newIdempotencyKey());
      onDone?.(answer);
      return answer;
    } catch (caught) {
      setError(describe(caught));
      // A refusal is final for this request: the corrected one is a new action.
      if (caught instanceof ApiError) setKey(newIdempotencyKey());
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, result, run };
}

function describe(error: unknown): string {
  if (!(error instanceof ApiError)) return (error as Error).message;
  const fields = Array.isArray(error.problem.errors)
    ? (error.problem.errors as Array<{ field?: string; reason?: string }>)
        .map((e) => `${e.field ?? ''} ${e.reason ?? ''}`.trim())
        .join('; ')
    : '';
  return [error.message, fields].filter(Boolean).join(': ');
}
