import { personalDataFields } from '@billing/contracts';
import type { PersonalDataCipher } from '@billing/personal-data';
import type {
  BeginOptions,
  BeginOutcome,
  IdempotencyKeyRef,
  IdempotencyStore,
  StoredResponse,
} from './idempotency-store.port';

/** How a stored response says which of its values are sealed, and under whose key. */
interface SealedResponse extends StoredResponse {
  personalData?: { billingAccountId: string; paths: string[] };
}

/**
 * Field names that hold personal data wherever a response echoes them: the leaf names of the
 * personal-data registry (a dispute's `customerStatement`, an account's `legalName`, `email`...).
 */
const personalNames = new Set(
  Object.values(personalDataFields)
    .flat()
    .map((path) => path.slice(path.lastIndexOf('.') + 1)),
);

/**
 * Stored command responses (replayed to retries for IDEMPOTENCY_TTL) keep their personal fields
 * as `pd:v1` ciphertext under the account's data key, and a replay decrypts them. Chosen over
 * purging an account's records when it is erased: destroying the key already blanks them, with
 * no handler to wire into every service and no record whose account must be found afterwards; and
 * a retry after erasure still gets its replay (`[erased]` in place), never a second run of the
 * command. A response that names no `billingAccountId` is stored as it is: nothing in it can be
 * tied to an account, so no erasure could reach it either way.
 */
export class PersonalDataIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly inner: IdempotencyStore,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async begin(ref: IdempotencyKeyRef, options: BeginOptions): Promise<BeginOutcome> {
    const begun = await this.inner.begin(ref, options);
    if (begun.outcome !== 'replay') return begun;
    return { outcome: 'replay', response: await this.reveal(begun.response) };
  }

  async complete(ref: IdempotencyKeyRef, response: StoredResponse): Promise<void> {
    await this.inner.complete(ref, await this.seal(ref, response));
  }

  release(ref: IdempotencyKeyRef): Promise<void> {
    return this.inner.release(ref);
  }

  purgeExpired(limit: number): Promise<number> {
    return this.inner.purgeExpired(limit);
  }

  private async seal(ref: IdempotencyKeyRef, response: StoredResponse): Promise<SealedResponse> {
    const paths = personalPaths(response.body, '');
    const billingAccountId = accountOf(response.body);
    if (paths.length === 0 || billingAccountId === undefined) return response;
    const id = `idempotency\0${ref.scope}\0${ref.key}`;
    const body = await this.cipher.encryptPaths(billingAccountId, id, response.body, paths);
    return { ...response, body, personalData: { billingAccountId, paths } };
  }

  private async reveal(stored: SealedResponse): Promise<StoredResponse> {
    const { personalData, ...response } = stored;
    if (!personalData) return response;
    const { billingAccountId, paths } = personalData;
    return {
      ...response,
      body: await this.cipher.decryptPaths(billingAccountId, response.body, paths),
    };
  }
}

/** Dot-paths of the string values under a personal field name, arrays included (`timeline.0.text`). */
function personalPaths(node: unknown, prefix: string): string[] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([name, child]) => {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    if (typeof child === 'string') return personalNames.has(name) ? [path] : [];
    return personalPaths(child, path);
  });
}

/** The account a response is about: its top-level `billingAccountId`, else the first nested one. */
function accountOf(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const own = (node as Record<string, unknown>)['billingAccountId'];
  if (typeof own === 'string' && own !== '') return own;
  for (const child of Object.values(node)) {
    const found = accountOf(child);
    if (found !== undefined) return found;
  }
  return undefined;
}
