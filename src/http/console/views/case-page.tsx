import { CATEGORIES } from '../../../domain/taxonomy.ts';
import { featureLabel } from '../../../domain/scoring/case-score.ts';
import { DECISION_ACTIONS, VERDICTS } from '../../../domain/decisions/decision.ts';
import { TLP_LABELS } from '../../../domain/tlp.ts';
import type { StaffMember } from '../../../services/auth.service.ts';
import type { CaseView } from '../../../services/case.service.ts';
import type { IndicatorEnrichmentView } from '../../../services/indicator-enrichment.service.ts';
import { EnrichmentPanel } from '../../enrichment/enrichment-panel.tsx';
import { CsrfField, renderPage } from './layout.tsx';
import { ReportCard } from './report-card.tsx';

export interface CasePageOptions {
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly view: CaseView;
  readonly legalBases: readonly string[];
  /** Fetch, DNS, RDAP, lookalike and liveness results of the case's first indicators. */
  readonly enrichments?: readonly IndicatorEnrichmentView[];
  readonly notice?: string | undefined;
  /** Contact details a supervisor asked to see, by report id, shown once. */
  readonly revealed?: { readonly reportId: number; readonly contact: string } | undefined;
}

const DECIDERS = new Set(['analyst', 'supervisor', 'admin']);

function Time({ at }: { at: string | null }) {
  return at === null ? (
    <span>-</span>
  ) : (
    <time datetime={at}>{at.slice(0, 16).replace('T', ' ')}</time>
  );
}

function defaultExpiry(): string {
  return new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
}

function ScoreShares({ view }: { view: CaseView }) {
  if (view.scoreShares.length === 0) {
    return <p>No score computed yet.</p>;
  }
  return (
    <table class="shares">
      <caption>What the score of {view.case.score.toFixed(1)} is made of</caption>
      <thead>
        <tr>
          <th scope="col">Feature</th>
          <th scope="col">Value</th>
          <th scope="col">Share</th>
        </tr>
      </thead>
      <tbody>
        {view.scoreShares.map((item) => (
          <tr>
            <td>{featureLabel(item.feature)}</td>
            <td>{item.value ?? '-'}</td>
            <td>{`${Math.round(item.share * 100)} %`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function IndicatorTable({ view, canDecide }: { view: CaseView; canDecide: boolean }) {
  const provenanceOf = (id: number) => view.provenance.filter((row) => row.indicatorId === id);
  return (
    <table class="indicators">
      <thead>
        <tr>
          {canDecide && <th scope="col">Decide</th>}
          {canDecide && <th scope="col">Split</th>}
          <th scope="col">Kind</th>
          <th scope="col">Value</th>
          <th scope="col">Listing</th>
          <th scope="col">Provenance</th>
        </tr>
      </thead>
      <tbody>
        {view.indicators.map((indicator) => (
          <tr>
            {canDecide && (
              <td>
                <input
                  type="checkbox"
                  name="indicatorIds"
                  value={String(indicator.id)}
                  form="decision-form"
                  checked
                  aria-label={`Decide on indicator ${indicator.id}`}
                />
              </td>
            )}
            {canDecide && (
              <td>
                <input
                  type="checkbox"
                  name="indicatorIds"
                  value={String(indicator.id)}
                  form="split-form"
                  aria-label={`Split indicator ${indicator.id}`}
                />
              </td>
            )}
            <td>{indicator.kind}</td>
            <td>
              <code class="indicator-value">{indicator.value}</code>
            </td>
            <td>
              {indicator.listingStatus === null
                ? 'not listed'
                : `${indicator.listingStatus} (${indicator.listingCategory ?? ''}, by ${indicator.listingDecidedBy ?? ''})`}
            </td>
            <td>
              <ul class="provenance">
                {provenanceOf(indicator.id).map((row) => (
                  <li>
                    {row.name} <span class="tag">{row.tlp}</span> <Time at={row.firstSeen} /> to{' '}
                    <Time at={row.lastSeen} />
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DecisionForm({ options }: { options: CasePageOptions }) {
  const { view } = options;
  return (
    <form method="post" action={`/console/cases/${view.case.id}/decisions`} id="decision-form">
      <CsrfField token={options.csrfToken} />
      <fieldset>
        <legend>Decide</legend>
        <label>
          Verdict
          <select name="verdict" required>
            {VERDICTS.map((verdict) => (
              <option value={verdict}>{verdict}</option>
            ))}
          </select>
        </label>
        <label>
          Action on the ticked indicators
          <select name="action" required>
            {DECISION_ACTIONS.map((action) => (
              <option value={action}>{action}</option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select name="category" required>
            {CATEGORIES.map((category) => (
              <option value={category} selected={category === view.case.category}>
                {category}
              </option>
            ))}
          </select>
        </label>
        <label>
          Legal basis
          <select name="legalBasis" required>
            {options.legalBases.map((basis) => (
              <option value={basis}>{basis}</option>
            ))}
          </select>
        </label>
        <label>
          TLP marking
          <select name="tlp" required>
            {TLP_LABELS.map((label) => (
              <option value={label}>{label}</option>
            ))}
          </select>
        </label>
        <label>
          Expiry or review date
          <input type="date" name="expiresAt" value={defaultExpiry()} />
        </label>
        <label class="wide">
          Statement of reasons (published, so no personal data)
          <textarea name="reasons" rows={4} maxlength={4000} required />
        </label>
        <button type="submit">Record the decision</button>
      </fieldset>
    </form>
  );
}

function CaseTools({ options }: { options: CasePageOptions }) {
  const id = options.view.case.id;
  return (
    <section class="tools">
      <form method="post" action={`/console/cases/${id}/assign`} class="inline">
        <CsrfField token={options.csrfToken} />
        <input type="hidden" name="assignee" value="me" />
        <button type="submit" data-key="a">
          Assign to me
        </button>
      </form>
      <form method="post" action={`/console/cases/${id}/merge`}>
        <CsrfField token={options.csrfToken} />
        <fieldset>
          <legend>Merge other cases into this one</legend>
          <label>
            Case ids, separated by commas
            <input name="caseIds" required pattern="[0-9, ]+" maxlength={500} />
          </label>
          <label>
            Reason
            <input name="reason" required maxlength={2000} />
          </label>
          <button type="submit">Merge</button>
        </fieldset>
      </form>
      <form method="post" action={`/console/cases/${id}/split`} id="split-form">
        <CsrfField token={options.csrfToken} />
        <fieldset>
          <legend>Split the indicators ticked under Split into a new case</legend>
          <label>
            Reason
            <input name="reason" required maxlength={2000} />
          </label>
          <button type="submit">Split</button>
        </fieldset>
      </form>
    </section>
  );
}

/** Renders a case: score, indicators with provenance, sources, reports, decisions and timeline. */
export function renderCasePage(options: CasePageOptions): string {
  const { view, staff } = options;
  const canDecide = DECIDERS.has(staff.role) && view.case.status !== 'merged';
  return renderPage({
    title: `Case ${view.case.id}`,
    staff,
    csrfToken: options.csrfToken,
    notice: options.notice,
    body: (
      <>
        <h1>
          Case {view.case.id}: <span class="title">{view.case.title}</span>
        </h1>
        <dl class="facts">
          <dt>Status</dt>
          <dd id="case-status">{view.case.status}</dd>
          {view.case.mergedInto !== null && (
            <>
              <dt>Merged into</dt>
              <dd>
                <a href={`/console/cases/${view.case.mergedInto}`}>Case {view.case.mergedInto}</a>
              </dd>
            </>
          )}
          <dt>Category</dt>
          <dd>{view.case.category}</dd>
          <dt>Assignee</dt>
          <dd>{view.assigneeEmail ?? 'nobody'}</dd>
          <dt>Created</dt>
          <dd>
            <Time at={view.case.createdAt} />
          </dd>
        </dl>
        <ScoreShares view={view} />
        {canDecide && <CaseTools options={options} />}
        <h2>Indicators</h2>
        <IndicatorTable view={view} canDecide={canDecide} />
        <h2>Sources</h2>
        <table class="keys">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Recorded by</th>
              <th scope="col">Indicators here</th>
              <th scope="col">Joins cases</th>
            </tr>
          </thead>
          <tbody>
            {view.keys.map((key) => (
              <tr>
                <td>
                  <code>{key.key}</code>
                </td>
                <td>{key.origin}</td>
                <td>{key.indicators}</td>
                <td>{key.common ? 'no: common infrastructure' : 'yes'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {(options.enrichments ?? []).length > 0 && (
          <>
            <h2>Enrichment</h2>
            {(options.enrichments ?? []).map((enrichment) => (
              <EnrichmentPanel enrichment={enrichment} />
            ))}
          </>
        )}
        {canDecide && <DecisionForm options={options} />}
        <h2>Reports</h2>
        {view.reports.length === 0 && <p>No reports; the case contains feed entries only.</p>}
        {view.reports.map((report) => (
          <ReportCard
            report={report}
            entered={view.links
              .filter((link) => link.reportId === report.id)
              .map((link) => link.entered)}
            evidence={view.evidence.filter((item) => item.ownerId === report.id)}
            staff={staff}
            csrfToken={options.csrfToken}
            revealed={
              options.revealed?.reportId === report.id ? options.revealed.contact : undefined
            }
          />
        ))}
        <h2>Decisions</h2>
        {view.decisions.length === 0 && <p>None yet.</p>}
        <ul class="decisions">
          {view.decisions.map((decision) => (
            <li>
              Decision {decision.id}: {decision.verdict}, {decision.action},{' '}
              <strong class="decision-status">{decision.status}</strong>, {decision.category},{' '}
              {decision.legal_basis}, {decision.tlp}, until <Time at={decision.expires_at} />
              <blockquote>{decision.reasons}</blockquote>
            </li>
          ))}
        </ul>
        <h2>Timeline</h2>
        <ol class="timeline">
          {view.events.map((event) => (
            <li>
              <Time at={event.at} /> {event.kind} by {event.actor}
              {event.detail !== null && <code class="detail">{event.detail}</code>}
            </li>
          ))}
        </ol>
      </>
    ),
  });
}
