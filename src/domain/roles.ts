/**
 * Staff roles. An auditor reads everything, the audit log included, and
 * changes nothing; a focal point answers for one organisation and sees only
 * its notices.
 */
export const ROLES = ['analyst', 'supervisor', 'admin', 'auditor', 'focal_point'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
