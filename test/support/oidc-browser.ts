/**
 * Plays the system browser in sign-in tests: plain HTTP with a cookie jar kept by hand, redirects followed
 * one by one (so every hop is visible), and the provider's forms filled in and submitted.
 */
export interface Page {
  url: string;
  status: number;
  html: string;
}

interface Form {
  action: string;
  fields: Record<string, string>;
}

const MAX_HOPS = 15;
const AUTO_SUBMIT = /document\.forms\[0\]\.submit\(\)/;

export class TestBrowser {
  private readonly cookies = new Map<string, string>();
  /** Every URL loaded, in order. */
  readonly visited: string[] = [];

  private async load(url: string, form?: Record<string, string>): Promise<Response> {
    this.visited.push(url);
    const headers = new Headers();
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    if (form !== undefined) headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await fetch(url, {
      method: form === undefined ? 'GET' : 'POST',
      headers,
      redirect: 'manual',
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
    });
    for (const cookie of response.headers.getSetCookie()) this.keep(cookie);
    return response;
  }

  private keep(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const split = pair.indexOf('=');
    const name = pair.slice(0, split).trim();
    const value = pair.slice(split + 1).trim();
    const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }

  /** The cookies kept, as a `Cookie` header (every host's: the tests run on one loopback address). */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Loads `url` (posting `form` if given) and follows redirects to the page they end on. */
  async open(url: string, form?: Record<string, string>): Promise<Page> {
    let current = url;
    let response = await this.load(current, form);
    for (let hop = 0; response.status >= 300 && response.status < 400; hop += 1) {
      if (hop === MAX_HOPS) throw new Error('too many redirects');
      await response.body?.cancel();
      current = new URL(response.headers.get('location') ?? '', current).href;
      response = await this.load(current);
    }
    const page = { url: current, status: response.status, html: await response.text() };
    // A page that posts itself by script (the provider's switch of account) is posted, as a browser would.
    return AUTO_SUBMIT.test(page.html) ? this.submit(page, {}) : page;
  }

  /** Submits the page's form to the URL its button names (`formaction` or the form's `action`). */
  async submit(page: Page, fields: Record<string, string>, button?: 'abort'): Promise<Page> {
    const form = formOf(page);
    const action = button === undefined ? form.action : form.action.replace(/\/login$/, `/${button}`);
    return this.open(new URL(action, page.url).href, { ...form.fields, ...fields });
  }

  /** The whole sign-in: open the authorization URL, log in if asked, end on the app's loopback page. */
  async signIn(authorizationUrl: string, username: string, password: string): Promise<Page> {
    const page = await this.open(authorizationUrl);
    return isLoginForm(page) ? this.submit(page, { username, password }) : page;
  }
}

export function isLoginForm(page: Page): boolean {
  return /name="password"/.test(page.html);
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function formOf(page: Page): Form {
  const formTag = /<form\b[^>]*>/i.exec(page.html)?.[0];
  if (formTag === undefined) throw new Error(`no form on ${page.url}`);
  const fields: Record<string, string> = {};
  for (const input of page.html.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(input, 'name');
    if (name !== undefined && attribute(input, 'type') === 'hidden')
      fields[name] = attribute(input, 'value') ?? '';
  }
  return { action: attribute(formTag, 'action') ?? page.url, fields };
}
