import { IsIn, IsOptional } from 'class-validator';
import { disputeDepartments, type DisputeDepartment } from '@billing/contracts';
import { IsRecordId, IsSingleLineText, PageCursor, PageLimit } from '@billing/platform';

export const disputeStatuses = ['open', 'accepted', 'rejected', 'withdrawn'] as const;

/** The list's name inside its cursors; its key is (opened at, dispute id). */
export const disputeListName = 'disputes';

/**
 * `GET /disputes/disputes`: every filter optional, all given ones must hold. Names as in
 * `/open-disputes` and the assignment (`owner`, `unassigned`, `department`).
 */
export class ListDisputesQuery {
  @IsOptional()
  @IsIn(disputeStatuses, { message: `must be one of ${disputeStatuses.join(', ')}` })
  status?: (typeof disputeStatuses)[number];

  /** Only disputes assigned to this owner (the assignee, named as in the assignment). */
  @IsOptional() @IsSingleLineText(200) owner?: string;

  /** `true`: only disputes nobody owns; `false`: only assigned ones. */
  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) unassigned?: string;

  @IsOptional() @IsRecordId() invoiceId?: string;
  @IsOptional() @IsRecordId() billingAccountId?: string;

  @IsOptional()
  @IsIn(disputeDepartments, { message: `must be one of ${disputeDepartments.join(', ')}` })
  department?: DisputeDepartment;

  /** Rows per page, 1 to 200; 50 when left out. */
  @PageLimit() limit?: number;
  /** The `next` cursor of the previous page. */
  @PageCursor(disputeListName, 2) cursor?: string;
}
