import type { Role } from '../../domain/roles.ts';

/** Access rule of a console route: the staff roles allowed, or `public` for the login steps. */
export type RouteAccess = readonly Role[] | 'public';

const READERS: readonly Role[] = ['analyst', 'supervisor', 'admin', 'auditor'];
const DECIDERS: readonly Role[] = ['analyst', 'supervisor', 'admin'];
const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
const AUDITORS: readonly Role[] = ['auditor', 'supervisor', 'admin'];
/** Roles that read notices. The routes limit a focal point to its own organisation's notices. */
const NOTICE_READERS: readonly Role[] = [...READERS, 'focal_point'];
const NOTICE_RESPONDERS: readonly Role[] = [...DECIDERS, 'focal_point'];

/**
 * The one table of console access checks, keyed by `METHOD path` as the
 * route is registered. The console plugin throws on a route missing from it,
 * and tests walk every entry with every role.
 */
export const CONSOLE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  'GET /console/login': 'public',
  'POST /console/login': 'public',
  'GET /console/login/totp': 'public',
  'POST /console/login/totp': 'public',
  'GET /console/login/enrol': 'public',
  'POST /console/login/enrol': 'public',
  'GET /console/password': 'public',
  'POST /console/password': 'public',
  'POST /console/logout': 'public',
  'GET /console/assets/:file': 'public',
  'GET /console/api/csrf-token': [...READERS, 'focal_point'],

  'GET /console': READERS,
  'GET /console/api/queue': READERS,
  'POST /console/queue/bulk': DECIDERS,
  'GET /console/cases/:caseId': READERS,
  'POST /console/cases/:caseId/assign': DECIDERS,
  'POST /console/cases/:caseId/merge': DECIDERS,
  'POST /console/cases/:caseId/split': DECIDERS,
  'POST /console/cases/:caseId/decisions': DECIDERS,
  'GET /console/reports/:reportId': READERS,
  'POST /console/reports/:reportId/contact': ['supervisor'],
  'GET /console/evidence/:evidenceId': READERS,
  'GET /console/common-keys': DECIDERS,

  'GET /console/appeals': DECIDERS,
  'GET /console/appeals/:id': DECIDERS,
  'POST /console/appeals/:id/review': DECIDERS,
  'POST /console/appeals/:id/decide': DECIDERS,
  'POST /console/appeals/:id/contact': ['supervisor'],

  'GET /console/approvals': SUPERVISORS,
  'POST /console/approvals/:decisionId': SUPERVISORS,

  'GET /console/notices': NOTICE_READERS,
  'GET /console/notices/:noticeId': NOTICE_READERS,
  'POST /console/notices/:noticeId/response': NOTICE_RESPONDERS,

  'GET /console/audit': AUDITORS,
  'GET /console/audit/export': AUDITORS,
  'GET /console/audit/verify': AUDITORS,
};

/** Returns the access rule of `routeKey`, or undefined when the table has none. */
export function allowedRoles(routeKey: string): RouteAccess | undefined {
  return CONSOLE_ACCESS[routeKey];
}
