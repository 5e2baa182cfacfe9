import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';

import type { StaffMember } from '../../../services/auth.service.ts';

export interface PageOptions {
  readonly title: string;
  readonly body: ComponentChildren;
  readonly staff?: StaffMember | undefined;
  /** CSRF token of the log-out form, required whenever `staff` is set. */
  readonly csrfToken?: string | undefined;
  /** Message shown above the page, such as the result of the last action. */
  readonly notice?: string | undefined;
}

/** Renders the hidden field with the CSRF token that every form posts. */
export function CsrfField({ token }: { readonly token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

function Navigation({ staff, csrfToken }: { staff: StaffMember; csrfToken: string | undefined }) {
  const canDecide = ['analyst', 'supervisor', 'admin'].includes(staff.role);
  return (
    <nav aria-label="Console">
      {staff.role !== 'focal_point' && (
        <a href="/console" data-key="q">
          Queue
        </a>
      )}
      <a href="/console/notices">Notices</a>
      {canDecide && <a href="/console/common-keys">Common infrastructure</a>}
      {(staff.role === 'supervisor' || staff.role === 'admin') && (
        <a href="/console/approvals">Approvals</a>
      )}
      {canDecide && <a href="/console/appeals">Appeals</a>}
      {staff.role !== 'focal_point' && staff.role !== 'analyst' && (
        <a href="/console/audit">Audit log</a>
      )}
      <span class="who">
        {staff.email} ({staff.role})
      </span>
      {csrfToken !== undefined && (
        <form method="post" action="/console/logout" class="inline">
          <CsrfField token={csrfToken} />
          <button type="submit">Log out</button>
        </form>
      )}
    </nav>
  );
}

/**
 * Renders a whole console page. Preact escapes every text and attribute value,
 * so reporter-supplied text can be passed as children as it is.
 */
export function renderPage(options: PageOptions): string {
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${options.title} · Vigil console`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer />
      </head>
      <body>
        <header>
          <a href="/console" class="brand">
            Vigil console
          </a>
          {options.staff !== undefined && (
            <Navigation staff={options.staff} csrfToken={options.csrfToken} />
          )}
        </header>
        <main>
          {options.notice !== undefined && (
            <p class="notice" role="status">
              {options.notice}
            </p>
          )}
          {options.body}
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${renderToString(page)}`;
}
