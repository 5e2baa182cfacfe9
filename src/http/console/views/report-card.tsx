import type { StaffMember } from '../../../services/auth.service.ts';
import { CsrfField } from './layout.tsx';

export interface ReportCardReport {
  readonly id: number;
  readonly receipt: string;
  readonly status: string;
  readonly category: string;
  readonly channel: string;
  readonly seenAt: string | null;
  readonly description: string;
  readonly messageText: string | null;
  readonly moneyLost: boolean;
  readonly amountLost: number | null;
  readonly language: string;
  readonly hasContact: boolean;
  readonly createdAt: string;
}

/**
 * Renders one report for staff. Every field comes from the reporter, so each is
 * rendered as escaped text and none becomes a link or an attribute other than
 * a plain value.
 */
export function ReportCard(props: {
  readonly report: ReportCardReport;
  readonly entered: readonly string[];
  readonly evidence: readonly {
    readonly id: number;
    readonly width: number | null;
    readonly height: number | null;
  }[];
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly revealed?: string | undefined;
}) {
  const { report } = props;
  return (
    <article class="report" id={`report-${report.id}`}>
      <h3>
        <a href={`/console/reports/${report.id}`}>Report {report.id}</a>{' '}
        <span class="tag">{report.receipt}</span> <span class="tag">{report.status}</span>
      </h3>
      <dl class="facts">
        <dt>Category</dt>
        <dd>{report.category}</dd>
        <dt>Channel</dt>
        <dd>{report.channel}</dd>
        <dt>Language</dt>
        <dd>{report.language}</dd>
        <dt>Received</dt>
        <dd>{report.createdAt}</dd>
        {report.seenAt !== null && (
          <>
            <dt>Seen</dt>
            <dd>{report.seenAt}</dd>
          </>
        )}
        <dt>Money lost</dt>
        <dd>
          {report.moneyLost
            ? `yes${report.amountLost === null ? '' : `, ${report.amountLost}`}`
            : 'no'}
        </dd>
      </dl>
      <h4>What the reporter entered</h4>
      <ul class="entered">
        {props.entered.map((value) => (
          <li>
            <code>{value}</code>
          </li>
        ))}
      </ul>
      <h4>Description</h4>
      <p class="reporter-text">{report.description}</p>
      {report.messageText !== null && (
        <>
          <h4>Message text</h4>
          <pre class="reporter-text">{report.messageText}</pre>
        </>
      )}
      {props.evidence.length > 0 && (
        <div class="evidence">
          {props.evidence.map((item) => (
            <a href={`/console/evidence/${item.id}`}>
              <img
                src={`/console/evidence/${item.id}`}
                alt={`Evidence ${item.id} of report ${report.id}`}
                width={item.width === null ? undefined : Math.min(item.width, 240)}
                loading="lazy"
              />
            </a>
          ))}
        </div>
      )}
      {report.hasContact && props.revealed !== undefined && (
        <p class="contact">
          Contact: <span id={`contact-${report.id}`}>{props.revealed}</span>
        </p>
      )}
      {report.hasContact && props.revealed === undefined && props.staff.role === 'supervisor' && (
        <form method="post" action={`/console/reports/${report.id}/contact`}>
          <CsrfField token={props.csrfToken} />
          <label>
            Reason to see the reporter's contact details (recorded)
            <input name="reason" required maxlength={2000} />
          </label>
          <button type="submit">Show contact details</button>
        </form>
      )}
      {report.hasContact && props.staff.role !== 'supervisor' && (
        <p class="help">The reporter left contact details; a supervisor can see them.</p>
      )}
    </article>
  );
}
