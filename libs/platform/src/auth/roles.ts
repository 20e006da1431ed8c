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
