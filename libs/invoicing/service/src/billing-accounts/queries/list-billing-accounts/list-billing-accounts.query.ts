import { IsIn, IsOptional } from 'class-validator';
import { IsCurrencyCode, IsSingleLineText, PageCursor, PageLimit } from '@billing/platform';

export const accountStatuses = ['open', 'closed'] as const;
/** `verified`: details checked; `failed`: the last check found problems; `pending`: not checked since opened or changed. */
const verificationStates = ['verified', 'failed', 'pending'] as const;
export type VerificationState = (typeof verificationStates)[number];

/**
 * The list's name inside its cursors. Its cursor holds the last account's id only, never its
 * name: cursors travel in URLs, and the name is personal data. The next page looks the name up.
 */
export const accountListName = 'billing-accounts';

/** `GET /invoicing/billing-accounts`: every filter optional, all given ones must hold. */
export class ListBillingAccountsQuery {
  /** Legal name begins with this, ignoring case. Erased accounts are never found by name. */
  @IsOptional() @IsSingleLineText(200) namePrefix?: string;

  @IsOptional()
  @IsIn(accountStatuses, { message: `must be one of ${accountStatuses.join(', ')}` })
  status?: (typeof accountStatuses)[number];

  @IsOptional()
  @IsIn(verificationStates, { message: `must be one of ${verificationStates.join(', ')}` })
  verification?: VerificationState;

  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) onHold?: string;

  @IsOptional() @IsCurrencyCode() currency?: string;

  /** Rows per page, 1 to 200; 50 when left out. */
  @PageLimit() limit?: number;
  /** The `next` cursor of the previous page. */
  @PageCursor(accountListName, 1) cursor?: string;
}
