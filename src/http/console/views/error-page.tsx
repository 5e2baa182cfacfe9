import type { StaffMember } from '../../../services/auth.service.ts';
import { renderPage } from './layout.tsx';

/** Renders an HTML error page for a console page request. */
export function renderErrorPage(statusCode: number, message: string, staff?: StaffMember): string {
  return renderPage({
    title: `Error ${statusCode}`,
    staff,
    body: (
      <section class="error">
        <h1>Error {statusCode}</h1>
        <p>{message}</p>
        <p>
          <a href="/console">Back to the queue</a>
        </p>
      </section>
    ),
  });
}
