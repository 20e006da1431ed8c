import { IsRecordId } from '@billing/platform';

/** `:id` in a route: a UUID, or a 400 naming `id` before anything runs. */
export class IdParams {
  @IsRecordId()
  id!: string;
}
