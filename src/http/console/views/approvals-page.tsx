import type { StaffMember } from '../../../services/auth.service.ts';
import type { listPendingApprovals } from '../../../services/case-decision.service.ts';
import { CsrfField, renderPage } from './layout.tsx';

/** Renders the decisions waiting for a supervisor, each with Approve and Refuse buttons. */
export function renderApprovalsPage(options: {
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly pending: Awaited<ReturnType<typeof listPendingApprovals>>;
  readonly notice?: string | undefined;
}): string {
  return renderPage({
    title: 'Approvals',
    staff: options.staff,
    csrfToken: options.csrfToken,
    notice: options.notice,
    body: (
      <>
        <h1>Decisions waiting for approval</h1>
        {options.pending.length === 0 && <p>Nothing waits for approval.</p>}
        {options.pending.map((decision) => (
          <article class="approval" id={`decision-${decision.id}`}>
            <h2>
              Decision {decision.id}
              {decision.caseId !== null && (
                <>
                  {' on '}
                  <a href={`/console/cases/${decision.caseId}`}>case {decision.caseId}</a>{' '}
                  <span class="title">{decision.case_title ?? ''}</span>
                </>
              )}
            </h2>
            <p>
              {decision.verdict}, {decision.action} as {decision.category} under{' '}
              {decision.legal_basis}, {decision.tlp}, until {decision.expires_at ?? '-'}; decided by{' '}
              {decision.decided_by_email ?? 'unknown'} at {decision.created_at}
            </p>
            <p class="held-because">Needs approval because:</p>
            {decision.approvalReasons.length === 0 ? (
              <p class="help">No rule was recorded for this decision.</p>
            ) : (
              <ul class="approval-reasons">
                {decision.approvalReasons.map((reason) => (
                  <li>{reason}</li>
                ))}
              </ul>
            )}
            <ul>
              {decision.indicators.map((indicator) => (
                <li>
                  {indicator.kind} <code>{indicator.value}</code>
                </li>
              ))}
            </ul>
            <blockquote>{decision.reasons}</blockquote>
            {decision.decidedBy === options.staff.id ? (
              <p class="help">You made this decision, so another supervisor must approve it.</p>
            ) : (
              <form method="post" action={`/console/approvals/${decision.id}`}>
                <CsrfField token={options.csrfToken} />
                <label>
                  Reason (recorded)
                  <input name="reason" maxlength={2000} />
                </label>
                <button type="submit" name="answer" value="approve">
                  Approve
                </button>
                <button type="submit" name="answer" value="refuse">
                  Refuse
                </button>
              </form>
            )}
          </article>
        ))}
      </>
    ),
  });
}
