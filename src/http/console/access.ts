import type { Role } from '../../domain/roles.ts';

/** Who may use a console route: staff of some roles, or anyone (the login steps). */
export type RouteAccess = readonly Role[] | 'public';

const READERS: readonly Role[] = ['analyst', 'supervisor', 'admin', 'auditor'];
const DECIDERS: readonly Role[] = ['analyst', 'supervisor', 'admin'];
const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
const AUDITORS: readonly Role[] = ['auditor', 'supervisor', 'admin'];
/** A focal point reads and answers only its own organisation's notices; the routes check that. */
const NOTICE_READERS: readonly Role[] = [...READERS, 'focal_point'];
const NOTICE_ANSWERERS: readonly Role[] = [...DECIDERS, 'focal_point'];

/**
 * The one table of console access checks, keyed by `METHOD path` as the
 * route is registered. The console plugin refuses to register a route missing
 * from it, and tests walk every entry with every role.
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
  'POST /console/notices/:noticeId/response': NOTICE_ANSWERERS,

  'GET /console/audit': AUDITORS,
  'GET /console/audit/export': AUDITORS,
  'GET /console/audit/verify': AUDITORS,
};

/** The roles a route allows, for tests: public routes allow every role. */
export function allowedRoles(routeKey: string): RouteAccess | undefined {
  return CONSOLE_ACCESS[routeKey];
}
