import { IsUUID } from 'class-validator';

/** `:id` in a route: a UUID, or a 400 naming `id` before anything runs. */
export class IdParams {
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;
}
