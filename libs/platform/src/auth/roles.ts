/** Who may do what. `auditor` reads everything and changes nothing; `service` is another service. */
export const roles = [
  'billing-clerk',
  'billing-manager',
  'collections-agent',
  'auditor',
  'service',
] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/**
 * Who may call a route, as the auth guard decides: any of `listed` (any acting role when the
 * route lists none), and on GET and HEAD also the auditor, who never changes anything.
 */
export function rolesPermitted(listed: readonly Role[] | undefined, method: string): Role[] {
  const read = ['GET', 'HEAD'].includes(method.toUpperCase());
  const acting = (listed ?? roles).filter((role) => role !== 'auditor');
  return read ? [...acting, 'auditor'] : acting;
}
