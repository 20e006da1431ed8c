import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const rolesMetadata = 'billing:roles';
export const publicMetadata = 'billing:public';

/**
 * The roles that may call a route (any one suffices). Without `@Roles`, any authenticated caller
 * may; an auditor may call GET and HEAD routes whatever they list, and nothing else.
 */
export const Roles = (...allowed: Role[]) => SetMetadata(rolesMetadata, allowed);

/** No token needed (health, readiness, docs). */
export const Public = () => SetMetadata(publicMetadata, true);
