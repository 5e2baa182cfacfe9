import type { StaffMember } from '../../../services/auth.service.ts';
import type { getReportView } from '../../../services/case.service.ts';
import { renderPage } from './layout.tsx';
import { ReportCard } from './report-card.tsx';

/** Renders one report, for reports no case contains and for revealing a contact. */
export function renderReportPage(options: {
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly view: Awaited<ReturnType<typeof getReportView>>;
  readonly revealed?: string | undefined;
}): string {
  const { view } = options;
  return renderPage({
    title: `Report ${view.report.id}`,
    staff: options.staff,
    csrfToken: options.csrfToken,
    body: (
      <>
        <h1>Report {view.report.id}</h1>
        {view.caseId === null ? (
          <p>No case contains this report yet: it names no indicator, or clustering has not run.</p>
        ) : (
          <p>
            Part of <a href={`/console/cases/${view.caseId}`}>case {view.caseId}</a>.
          </p>
        )}
        <ReportCard
          report={view.report}
          entered={view.entered}
          evidence={view.evidence}
          staff={options.staff}
          csrfToken={options.csrfToken}
          revealed={options.revealed}
        />
      </>
    ),
  });
}
