import { SetMetadata } from '@nestjs/common';
import { skipIdempotencyMetadata } from './idempotency.interceptor';

/** For a command that is naturally idempotent or must not be replayed (e.g. a login). */
export const SkipIdempotency = () => SetMetadata(skipIdempotencyMetadata, true);
