/**
 * The identity provider's pages, in German, self-contained (no external fonts, scripts or images), so they
 * render the same offline and leak no request to a third party.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // Inline styles only; form posts stay on this origin before the provider redirects to the app.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const STYLE = `body{font-family:system-ui,sans-serif;background:#f3f4f6;color:#111;margin:0}
main{max-width:24rem;margin:3rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:1.3rem}label{display:block;margin-top:1rem}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
.actions{display:flex;gap:.5rem;margin-top:1.5rem}button{padding:.5rem 1rem;font-size:1rem}
.error{color:#a40000;border-left:4px solid #a40000;padding-left:.5rem}`;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export interface LoginPageInput {
  uid: string;
  /** Shown as the field's value again after a failed attempt. */
  username?: string;
  failed?: boolean;
}

export function loginPage({ uid, username = '', failed = false }: LoginPageInput): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const error = failed
    ? '<p class="error" role="alert">Benutzername oder Passwort ist falsch. Bitte versuchen Sie es erneut.</p>'
    : '';
  return page(
    'Anmeldung – Antragsdesk',
    `<h1>Anmeldung bei Antragsdesk</h1>${error}
<form method="post" action="${base}/login" autocomplete="off">
<label for="username">Benutzername</label>
<input id="username" name="username" required autofocus value="${escapeHtml(username)}">
<label for="password">Passwort</label>
<input id="password" name="password" type="password" required>
<div class="actions"><button type="submit">Anmelden</button>
<button type="submit" formaction="${base}/abort" formnovalidate>Abbrechen</button></div>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page(
    'Fehler – Antragsdesk',
    `<h1>Anmeldung nicht möglich</h1><p class="error">${escapeHtml(message)}</p>`,
  );
}

export function logoutPage(form: string): string {
  // `form` is the provider's hidden form (with its CSRF token); the buttons submit it.
  return page(
    'Abmelden – Antragsdesk',
    `<h1>Möchten Sie sich abmelden?</h1>${form}
<div class="actions"><button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Abmelden</button>
<button type="submit" form="op.logoutForm">Angemeldet bleiben</button></div>`,
  );
}

export function loggedOutPage(): string {
  return page(
    'Abgemeldet – Antragsdesk',
    '<h1>Sie sind abgemeldet.</h1><p>Sie können dieses Fenster schließen.</p>',
  );
}
