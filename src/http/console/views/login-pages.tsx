import { CsrfField, renderPage } from './layout.tsx';

export interface FormPageOptions {
  readonly csrfToken: string;
  readonly error?: string | undefined;
}

function ErrorLine({ error }: { readonly error: string | undefined }) {
  return error === undefined ? null : (
    <p class="error" role="alert">
      {error}
    </p>
  );
}

export function renderLoginPage(options: FormPageOptions & { readonly email?: string }): string {
  return renderPage({
    title: 'Log in',
    body: (
      <section class="narrow">
        <h1>Log in to the Vigil console</h1>
        <ErrorLine error={options.error} />
        <form method="post" action="/console/login">
          <CsrfField token={options.csrfToken} />
          <label>
            E-mail
            <input
              type="email"
              name="email"
              autocomplete="username"
              required
              value={options.email ?? ''}
            />
          </label>
          <label>
            Password
            <input type="password" name="password" autocomplete="current-password" required />
          </label>
          <button type="submit">Log in</button>
        </form>
      </section>
    ),
  });
}

export function renderTotpPage(options: FormPageOptions): string {
  return renderPage({
    title: 'Second factor',
    body: (
      <section class="narrow">
        <h1>Enter the code from your authenticator app</h1>
        <ErrorLine error={options.error} />
        <form method="post" action="/console/login/totp">
          <CsrfField token={options.csrfToken} />
          <label>
            Six-digit code
            <input
              name="code"
              inputmode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9 ]{6,8}"
              required
              autofocus
            />
          </label>
          <button type="submit">Continue</button>
        </form>
      </section>
    ),
  });
}

export function renderEnrolPage(
  options: FormPageOptions & { readonly secret: string; readonly uri: string },
): string {
  return renderPage({
    title: 'Set up a second factor',
    body: (
      <section class="narrow">
        <h1>Set up a second factor</h1>
        <p>
          Your role needs a time-based one-time code (TOTP) at every login. Add this key to an
          authenticator app, then enter the code it shows.
        </p>
        <ErrorLine error={options.error} />
        <p>
          Key: <code id="totp-secret">{options.secret}</code>
        </p>
        <p>
          Or open this link on the device with the app: <code id="totp-uri">{options.uri}</code>
        </p>
        <form method="post" action="/console/login/enrol">
          <CsrfField token={options.csrfToken} />
          <label>
            Six-digit code
            <input
              name="code"
              inputmode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9 ]{6,8}"
              required
            />
          </label>
          <button type="submit">Confirm</button>
        </form>
      </section>
    ),
  });
}

export function renderPasswordPage(options: FormPageOptions): string {
  return renderPage({
    title: 'Choose a password',
    body: (
      <section class="narrow">
        <h1>Choose a new password</h1>
        <p>You logged in with a one-time password. Choose your own, of at least 12 characters.</p>
        <ErrorLine error={options.error} />
        <form method="post" action="/console/password">
          <CsrfField token={options.csrfToken} />
          <label>
            New password
            <input
              type="password"
              name="password"
              autocomplete="new-password"
              minlength={12}
              required
            />
          </label>
          <label>
            The same password again
            <input type="password" name="confirm" autocomplete="new-password" required />
          </label>
          <button type="submit">Save</button>
        </form>
      </section>
    ),
  });
}
