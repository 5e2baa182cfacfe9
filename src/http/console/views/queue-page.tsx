import { CATEGORIES } from '../../../domain/taxonomy.ts';
import { INDICATOR_KINDS } from '../../../domain/indicators/indicator.ts';
import type { StaffMember } from '../../../services/auth.service.ts';
import type { QueuePage, QueueQuery, QueueSort } from '../../../services/queue.service.ts';
import { CASE_STATUSES } from '../../../store/queue.repository.ts';
import { CsrfField, renderPage } from './layout.tsx';

export interface QueuePageOptions {
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly page: QueuePage;
  readonly query: QueueQuery;
  readonly notice?: string | undefined;
}

const STATUS_LABELS: Readonly<Record<string, string>> = {
  open: 'Open',
  needs_info: 'Needs information',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
  closed: 'Closed',
};

function queueLink(query: QueueQuery, changes: Partial<Record<keyof QueueQuery, string>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...query, after: undefined, ...changes })) {
    if (typeof value === 'string' && value !== '') {
      params.set(name, value);
    }
  }
  const text = params.toString();
  return text === '' ? '/console' : `/console?${text}`;
}

/** Sort orders of the queue with their menu labels. The first one is the default. */
const SORT_LABELS: readonly (readonly [QueueSort, string])[] = [
  ['newest', 'Newest first (default)'],
  ['oldest', 'Oldest first'],
  ['score', 'Highest score first'],
];

function Select(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: readonly (readonly [string, string])[];
  /** The choice that filters nothing, left out when one of `options` must be chosen. */
  anyLabel?: string | null;
}) {
  const anyLabel = props.anyLabel === undefined ? 'any' : props.anyLabel;
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {anyLabel !== null && <option value="">{anyLabel}</option>}
        {props.options.map(([value, text]) => (
          <option value={value} selected={props.value === value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function Filters({ query }: { query: QueueQuery }) {
  return (
    <form method="get" action="/console" class="filters" role="search">
      <input type="hidden" name="status" value={query.status ?? 'open'} />
      <Select
        name="category"
        label="Category"
        value={query.category}
        options={CATEGORIES.map((category) => [category, category])}
      />
      <Select
        name="kind"
        label="Indicator kind"
        value={query.kind}
        options={INDICATOR_KINDS.map((kind) => [kind, kind])}
      />
      <label>
        Feed
        <input name="feed" value={query.feed ?? ''} size={12} />
      </label>
      <label>
        Channel
        <input name="channel" value={query.channel ?? ''} size={8} />
      </label>
      <label>
        Max age (days)
        <input name="age" inputmode="numeric" value={query.age ?? ''} size={4} />
      </label>
      <label>
        Min score
        <input name="minScore" inputmode="decimal" value={query.minScore ?? ''} size={4} />
      </label>
      <Select
        name="assignee"
        label="Assignee"
        value={query.assignee}
        options={[
          ['me', 'me'],
          ['none', 'nobody'],
        ]}
      />
      <Select
        name="sort"
        label="Sort"
        value={query.sort === undefined || query.sort === '' ? SORT_LABELS[0]![0] : query.sort}
        options={SORT_LABELS}
        anyLabel={null}
      />
      <button type="submit" data-key="/">
        Filter
      </button>
    </form>
  );
}

/** Renders the queue: status tabs with counts, filters, the items and the bulk actions. */
export function renderQueuePage(options: QueuePageOptions): string {
  const { page, query } = options;
  const status = page.filters.status;
  return renderPage({
    title: 'Queue',
    staff: options.staff,
    csrfToken: options.csrfToken,
    notice: options.notice,
    body: (
      <>
        <h1>Queue</h1>
        <nav class="tabs" aria-label="Status">
          {CASE_STATUSES.map((tab) => (
            <a
              href={queueLink(query, { status: tab })}
              aria-current={tab === status ? 'page' : undefined}
            >
              {STATUS_LABELS[tab]} <span class="count">{page.counts.get(tab) ?? 0}</span>
            </a>
          ))}
        </nav>
        <Filters query={query} />
        <form method="post" action="/console/queue/bulk" id="bulk">
          <CsrfField token={options.csrfToken} />
          <input type="hidden" name="back" value={queueLink(query, {})} />
          <table class="queue">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Select</span>
                </th>
                <th scope="col">Item</th>
                <th scope="col">Category</th>
                <th scope="col">Score</th>
                <th scope="col">Reports</th>
                <th scope="col">Indicators</th>
                <th scope="col">Assignee</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.items.length === 0 && (
                <tr>
                  <td colSpan={8}>Nothing is waiting here.</td>
                </tr>
              )}
              {page.items.map((item) => {
                const href =
                  item.type === 'case'
                    ? `/console/cases/${item.id}`
                    : `/console/reports/${item.id}`;
                return (
                  <tr data-row data-href={href}>
                    <td>
                      {item.type === 'case' && (
                        <input
                          type="checkbox"
                          name="caseIds"
                          value={String(item.id)}
                          aria-label={`Select case ${item.id}`}
                        />
                      )}
                    </td>
                    <td>
                      <a href={href}>
                        {item.type === 'case' ? `Case ${item.id}` : `Report ${item.id}`}
                      </a>{' '}
                      <span class="title">{item.title.slice(0, 140)}</span>
                      {item.channel !== null && <span class="tag">{item.channel}</span>}
                    </td>
                    <td>{item.category}</td>
                    <td>{item.type === 'case' ? item.score.toFixed(1) : '-'}</td>
                    <td>{item.reportCount}</td>
                    <td>{item.indicatorCount}</td>
                    <td>{item.assigneeEmail ?? '-'}</td>
                    <td>
                      <time datetime={item.createdAt}>
                        {item.createdAt.slice(0, 16).replace('T', ' ')}
                      </time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <fieldset class="bulk">
            <legend>With the selected cases</legend>
            <button type="submit" name="action" value="assign_me" data-key="a">
              Assign to me
            </button>
            <button type="submit" name="action" value="unassign">
              Unassign
            </button>
            <label>
              Reason for a merge
              <input name="reason" maxlength={2000} />
            </label>
            <button type="submit" name="action" value="merge">
              Merge into the first selected
            </button>
          </fieldset>
        </form>
        {page.next !== undefined && (
          <p>
            <a href={queueLink(query, { after: page.next })} rel="next" data-key="n">
              Next page
            </a>
          </p>
        )}
        <p class="help">
          Keys: j and k move, x selects, o opens, a assigns the selection to you, n goes to the next
          page, / filters.
        </p>
      </>
    ),
  });
}
