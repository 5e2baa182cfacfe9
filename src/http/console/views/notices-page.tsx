import type { StaffMember } from '../../../services/auth.service.ts';
import { NOTICE_STATUSES, type NoticeView } from '../../../services/notice.service.ts';
import { renderPage } from './layout.tsx';

/** Filters of the notice list, as the page shows them back. */
export interface NoticeListFilter {
  readonly status?: string | undefined;
  readonly organisationId?: number | undefined;
  readonly overdue: boolean;
}

export interface NoticesPageOptions {
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly notices: readonly NoticeView[];
  /** Organisation names by id, for the list and the filter. */
  readonly organisations: ReadonlyMap<number, string>;
  /**
   * Whether to show the organisation filter. It is false for a focal point,
   * whose list is limited to its own organisation.
   */
  readonly canFilterOrganisation: boolean;
  readonly filter: NoticeListFilter;
  /** Link to the next page, when there is one. */
  readonly nextHref?: string | undefined;
}

function Filters({ options }: { readonly options: NoticesPageOptions }) {
  const { filter } = options;
  return (
    <form method="get" action="/console/notices" class="filters">
      <label>
        Status
        <select name="status">
          <option value="">any</option>
          {NOTICE_STATUSES.map((status) => (
            <option value={status} selected={filter.status === status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      {options.canFilterOrganisation && (
        <label>
          Organisation
          <select name="organisation">
            <option value="">any</option>
            {[...options.organisations].map(([id, name]) => (
              <option value={String(id)} selected={filter.organisationId === id}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <input type="checkbox" name="overdue" value="1" checked={filter.overdue} /> Overdue only
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}

function NoticeRow({ notice, organisation }: { notice: NoticeView; organisation: string }) {
  return (
    <tr id={`notice-${notice.id}`}>
      <td>
        <a href={`/console/notices/${notice.id}`}>{notice.id}</a>
      </td>
      <td>{organisation}</td>
      <td>{notice.actionRequested}</td>
      <td>{notice.status}</td>
      <td>
        {notice.dueAt}
        {notice.overdue && <strong class="overdue"> overdue</strong>}
      </td>
      <td>{notice.sentAt ?? '-'}</td>
    </tr>
  );
}

/** Renders the notice list: status and deadline of each, with filters. */
export function renderNoticesPage(options: NoticesPageOptions): string {
  return renderPage({
    title: 'Notices',
    staff: options.staff,
    csrfToken: options.csrfToken,
    body: (
      <>
        <h1>Notices</h1>
        <Filters options={options} />
        {options.notices.length === 0 ? (
          <p>No notice matches.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Notice</th>
                <th>Organisation</th>
                <th>Action requested</th>
                <th>Status</th>
                <th>Deadline</th>
                <th>Sent</th>
              </tr>
            </thead>
            <tbody>
              {options.notices.map((notice) => (
                <NoticeRow
                  notice={notice}
                  organisation={options.organisations.get(notice.organisationId) ?? '-'}
                />
              ))}
            </tbody>
          </table>
        )}
        {options.nextHref !== undefined && (
          <p>
            <a href={options.nextHref}>Older notices</a>
          </p>
        )}
      </>
    ),
  });
}
