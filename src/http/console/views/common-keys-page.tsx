import type { StaffMember } from '../../../services/auth.service.ts';
import { renderPage } from './layout.tsx';

/** Renders the source keys that no longer join cases. */
export function renderCommonKeysPage(options: {
  readonly staff: StaffMember;
  readonly csrfToken: string;
  readonly keys: readonly { key: string; reason: string; caseCount: number; createdAt: string }[];
  readonly next: string | undefined;
  readonly limit: number;
}): string {
  return renderPage({
    title: 'Common infrastructure',
    staff: options.staff,
    csrfToken: options.csrfToken,
    body: (
      <>
        <h1>Common infrastructure</h1>
        <p>
          These source keys join no cases: shorteners and free hosting from the built-in list, and
          keys found on more than {options.limit} different domains or values.
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Why</th>
              <th scope="col">Domains or values when listed</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {options.keys.map((row) => (
              <tr>
                <td>
                  <code>{row.key}</code>
                </td>
                <td>{row.reason === 'seed' ? 'built-in list' : 'past the limit'}</td>
                <td>{row.reason === 'seed' ? '-' : row.caseCount}</td>
                <td>{row.createdAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {options.next !== undefined && (
          <p>
            <a href={`/console/common-keys?after=${encodeURIComponent(options.next)}`} rel="next">
              Next page
            </a>
          </p>
        )}
      </>
    ),
  });
}
