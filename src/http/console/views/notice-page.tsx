import type { NoticeDocument } from '../../../domain/notices/notice-document.ts';
import type { StaffMember } from '../../../services/auth.service.ts';
import type { NoticeView } from '../../../services/notice.service.ts';
import { CsrfField, renderPage } from './layout.tsx';

export interface NoticePageOptions {
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly notice: NoticeView;
  readonly organisation: string;
  readonly document: NoticeDocument;
  /** Whether the viewer's role may record a response. */
  readonly canAnswer: boolean;
  readonly message?: string | undefined;
}

/** Returns the responses a notice in `status` can still take, because a notice only moves forward. */
function answersFor(status: string): readonly string[] {
  if (status === 'actioned' || status === 'declined') {
    return [];
  }
  return status === 'acknowledged'
    ? ['actioned', 'declined']
    : ['acknowledged', 'actioned', 'declined'];
}

const ANSWER_LABELS: Readonly<Record<string, string>> = {
  acknowledged: 'Acknowledged',
  actioned: 'Actioned (say what was done)',
  declined: 'Declined (give the reason)',
};

function AnswerForm({ options }: { readonly options: NoticePageOptions }) {
  const answers = answersFor(options.notice.status);
  if (answers.length === 0) {
    return <p>This notice is {options.notice.status}; it takes no further answer.</p>;
  }
  return (
    <form method="post" action={`/console/notices/${options.notice.id}/response`}>
      <CsrfField token={options.csrfToken} />
      <fieldset>
        <legend>Answer</legend>
        {answers.map((answer, index) => (
          <label>
            <input type="radio" name="status" value={answer} required checked={index === 0} />{' '}
            {ANSWER_LABELS[answer]}
          </label>
        ))}
      </fieldset>
      <label>
        What was done, or the reason for declining
        <textarea name="note" maxlength={2000} rows={4} />
      </label>
      <button type="submit">Send answer</button>
    </form>
  );
}

function Timeline({ notice }: { readonly notice: NoticeView }) {
  const rows: [string, string | null][] = [
    ['Created', notice.createdAt],
    ['Sent', notice.sentAt],
    ['Deadline', notice.dueAt],
    ['Reminded', notice.remindedAt],
    ['Acknowledged', notice.acknowledgedAt],
    ['Actioned', notice.actionedAt],
    ['Declined', notice.declinedAt],
  ];
  return (
    <dl>
      {rows
        .filter(([, at]) => at !== null)
        .map(([label, at]) => (
          <>
            <dt>{label}</dt>
            <dd>{at}</dd>
          </>
        ))}
    </dl>
  );
}

/**
 * Renders one notice: its state, the indicators, the statement of reasons and
 * the readable text as the organisation received it, with the response form.
 */
export function renderNoticePage(options: NoticePageOptions): string {
  const { notice, document } = options;
  return renderPage({
    title: `Notice ${notice.id}`,
    staff: options.staff,
    csrfToken: options.csrfToken,
    notice: options.message,
    body: (
      <>
        <h1>
          Notice {notice.id} to <span class="title">{options.organisation}</span>
        </h1>
        <p>
          Status <strong>{notice.status}</strong>
          {notice.overdue && <strong class="overdue"> overdue</strong>}, action requested{' '}
          {notice.actionRequested}, {notice.tlp}
        </p>
        <Timeline notice={notice} />
        {notice.responseNote !== null && (
          <section>
            <h2>Answer given</h2>
            <blockquote>{notice.responseNote}</blockquote>
          </section>
        )}
        <section>
          <h2>Indicators</h2>
          <ul>
            {document.indicators.map((indicator) => (
              <li>
                {indicator.kind} <code>{indicator.display}</code>
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2>Statement of reasons</h2>
          <p>
            {document.decision.verdict}, {document.decision.category} under{' '}
            {document.decision.legal_basis}
          </p>
          <blockquote>{document.decision.statement_of_reasons}</blockquote>
        </section>
        <section>
          <h2>{document.text.subject}</h2>
          <pre class="notice-text" lang={document.text.language}>
            {document.text.body}
          </pre>
        </section>
        {options.canAnswer && <AnswerForm options={options} />}
      </>
    ),
  });
}
