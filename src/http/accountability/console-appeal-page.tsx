import { APPEAL_OUTCOMES } from '../../domain/archive/appeal.ts';
import { publicIndicatorValue } from '../../domain/archive/public-value.ts';
import { CATEGORIES } from '../../domain/taxonomy.ts';
import type { getAppealReview } from '../../services/appeal-review.service.ts';
import type { StaffMember } from '../../services/auth.service.ts';
import { CsrfField } from '../console/views/layout.tsx';

/**
 * Renders the body of one appeal for a reviewer. The reasons, contact details
 * and images come from the appellant, so each is rendered as escaped text or
 * as an image that the console serves. Contact details appear only after a
 * supervisor has given a reason (`revealed`).
 */
export function AppealReview(props: {
  readonly review: Awaited<ReturnType<typeof getAppealReview>>;
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly revealed?: string | undefined;
}) {
  const { appeal, listing, evidence, hasContact } = props.review;
  const token = props.csrfToken;
  const open = appeal.status === 'received' || appeal.status === 'in_review';
  return (
    <>
      <h1>{`Appeal ${appeal.receipt}`}</h1>
      <dl>
        <dt>Status</dt>
        <dd>{appeal.status}</dd>
        <dt>Indicator</dt>
        <dd>
          <code>{listing ? `${listing.kind} ${listing.value}` : String(appeal.indicator_id)}</code>
          {listing &&
            ` (public: ${publicIndicatorValue(listing.kind, listing.value)}, listing ${listing.status})`}
        </dd>
        <dt>Decision appealed</dt>
        <dd>
          {appeal.decision_id === null ? (
            'feed listing'
          ) : (
            <a href={`/decisions/D${appeal.decision_id}`}>{`D${appeal.decision_id}`}</a>
          )}
        </dd>
        <dt>Appellant's reasons</dt>
        <dd class="reasons">{appeal.reasons}</dd>
        <dt>Contact</dt>
        <dd>
          {!hasContact && 'none given'}
          {hasContact && props.revealed !== undefined && (
            <span id="appellant-contact">{props.revealed}</span>
          )}
          {hasContact &&
            props.revealed === undefined &&
            props.staff.role !== 'supervisor' &&
            'The appellant left contact details; a supervisor can see them.'}
          {hasContact && props.revealed === undefined && props.staff.role === 'supervisor' && (
            <form method="post" action={`/console/appeals/${appeal.id}/contact`}>
              <CsrfField token={token} />
              <label>
                Reason to see the appellant's contact details (recorded)
                <input name="reason" required maxlength={2000} />
              </label>
              <button type="submit">Show contact details</button>
            </form>
          )}
        </dd>
        <dt>Due</dt>
        <dd>{appeal.due_at}</dd>
        {appeal.outcome_reasons !== null && (
          <>
            <dt>Outcome reasons</dt>
            <dd>{appeal.outcome_reasons}</dd>
          </>
        )}
      </dl>
      <h2>Evidence</h2>
      {evidence.length === 0 ? (
        <p>The appellant sent no files.</p>
      ) : (
        <div class="evidence">
          {evidence.map((item) => (
            <a href={`/console/evidence/${item.id}`}>
              <img
                src={`/console/evidence/${item.id}`}
                alt={`Evidence ${item.id} of appeal ${appeal.receipt}`}
                width={item.width === null ? undefined : Math.min(item.width, 240)}
                loading="lazy"
              />
            </a>
          ))}
        </div>
      )}
      {open && appeal.status === 'received' && (
        <form method="post" action={`/console/appeals/${appeal.id}/review`}>
          <CsrfField token={token} />
          <button type="submit">Take for review</button>
        </form>
      )}
      {open && (
        <form method="post" action={`/console/appeals/${appeal.id}/decide`} class="decide">
          <CsrfField token={token} />
          <fieldset>
            <legend>Outcome</legend>
            {APPEAL_OUTCOMES.map((outcome) => (
              <label key={outcome}>
                <input type="radio" name="outcome" value={outcome} required /> {outcome}
              </label>
            ))}
          </fieldset>
          <label for="reasons">Statement of reasons (published, sent to the appellant)</label>
          <textarea id="reasons" name="reasons" required rows={5} maxLength={4000} />
          <label for="category">New category (changed only)</label>
          <select id="category" name="category">
            <option value="">keep</option>
            {CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
          <label for="expires_at">New expiry, ISO-8601 (changed only)</label>
          <input id="expires_at" name="expires_at" maxLength={40} />
          <button type="submit">Decide</button>
        </form>
      )}
    </>
  );
}
