import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@billing/kernel';
import type { WriteOffView } from '../read-models/collections.projection';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../shared/collections.deps';

/** Write-offs as the read model has them (requests, approvals, rejections). */
@Injectable()
export class WriteOffViews {
  constructor(@Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps) {}

  async get(writeOffId: string): Promise<WriteOffView> {
    const { rows } = await this.deps.db.query<{ state: WriteOffView | string }>(
      'SELECT state FROM collections_rm.write_offs WHERE write_off_id = $1',
      [writeOffId],
    );
    const row = rows[0];
    if (!row)
      throw new DomainError(
        'WRITE_OFF_NOT_FOUND',
        `Write-off ${writeOffId} does not exist`,
        'not_found',
      );
    return typeof row.state === 'string' ? (JSON.parse(row.state) as WriteOffView) : row.state;
  }
}
