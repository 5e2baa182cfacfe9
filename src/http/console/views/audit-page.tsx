import type { StaffMember } from '../../../services/auth.service.ts';
import type { AuditEntryView, AuditQuery } from '../../../services/audit.service.ts';
import { renderPage } from './layout.tsx';

/** Renders a page of the audit log with its filters and the chain check result. */
export function renderAuditPage(options: {
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly query: AuditQuery;
  readonly entries: readonly AuditEntryView[];
  readonly nextBefore: number | undefined;
  readonly verification?: string | undefined;
}): string {
  const { query } = options;
  const nextParams = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string' && value !== '' && name !== 'before') {
      nextParams.set(name, value);
    }
  }
  if (options.nextBefore !== undefined) {
    nextParams.set('before', String(options.nextBefore));
  }
  return renderPage({
    title: 'Audit log',
    staff: options.staff,
    csrfToken: options.csrfToken,
    body: (
      <>
        <h1>Audit log</h1>
        <p>
          <a href="/console/audit/verify">Check the hash chain</a> · Export:{' '}
          <a href="/console/audit/export?format=jsonl">JSON lines</a>,{' '}
          <a href="/console/audit/export?format=csv">CSV</a>
        </p>
        {options.verification !== undefined && (
          <p class="notice" role="status" id="audit-verification">
            {options.verification}
          </p>
        )}
        <form method="get" action="/console/audit" class="filters" role="search">
          <label>
            Actor
            <input name="actor" value={query.actor ?? ''} placeholder="user:1" />
          </label>
          <label>
            Action
            <input name="action" value={query.action ?? ''} placeholder="decision.record" />
          </label>
          <label>
            Target type
            <input name="targetType" value={query.targetType ?? ''} placeholder="case" />
          </label>
          <label>
            Target id
            <input name="targetId" value={query.targetId ?? ''} />
          </label>
          <button type="submit">Filter</button>
        </form>
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {options.entries.map((entry) => (
              <tr>
                <td>{entry.id}</td>
                <td>{entry.at}</td>
                <td>{entry.actor}</td>
                <td class="action">{entry.action}</td>
                <td>
                  {entry.targetType} {entry.targetId}
                </td>
                <td>
                  <code>{entry.before ?? ''}</code>
                </td>
                <td>
                  <code>{entry.after ?? ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {options.nextBefore !== undefined && (
          <p>
            <a href={`/console/audit?${nextParams.toString()}`} rel="next">
              Older entries
            </a>
          </p>
        )}
      </>
    ),
  });
}
