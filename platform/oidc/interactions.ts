/**
 * The login interaction of the identity provider: a German form, the password check, a limit on failed
 * attempts, and "Abbrechen" (which the app sees as a denied login). The clients are the provider's own
 * first-party apps, so consent is granted with the login and never asked for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { errorPage, loginPage, PAGE_SECURITY_HEADERS } from './pages';
import type { UserDirectory } from './users';

/** After this many wrong passwords in one sign-in, the provider answers the app with `access_denied`. */
export const MAX_FAILED_ATTEMPTS = 3;
const MAX_FORM_BYTES = 8 * 1024;

export const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_SECURITY_HEADERS);
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

export function createInteractionHandler(provider: Provider, users: UserDirectory) {
  const failedAttempts = new Map<string, number>();

  const finish = async (
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    result: InteractionResults,
  ) => {
    failedAttempts.delete(uid);
    // Merged, so a consent step keeps the login of the same request (else `prompt=login` would ask again).
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  };

  /** Grants every requested scope: what a consent screen would ask is implied for a first-party client. */
  const grantConsent = async (details: Details, accountId: string): Promise<string> => {
    const existing = details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId);
    const grant = existing ?? new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    const scope = String(details.params.scope ?? 'openid');
    grant.addOIDCScope(scope);
    // A resource indicator (the department service's API) gets the scopes asked for with it.
    const resource = details.params.resource;
    for (const indicator of Array.isArray(resource) ? resource : resource ? [resource] : []) {
      grant.addResourceScope(String(indicator), scope);
    }
    return grant.save();
  };

  const login = async (req: IncomingMessage, res: ServerResponse, details: Details) => {
    const { uid } = details;
    const form = await readForm(req);
    const username = form.get('username')?.trim() ?? '';
    const user = users.authenticate(username, form.get('password') ?? '');
    if (user !== undefined) {
      const grantId = await grantConsent(details, user.username);
      await finish(req, res, uid, { login: { accountId: user.username }, consent: { grantId } });
      return;
    }
    const failures = (failedAttempts.get(uid) ?? 0) + 1;
    if (failures >= MAX_FAILED_ATTEMPTS) {
      await finish(req, res, uid, {
        error: 'access_denied',
        error_description: 'too many failed sign-in attempts',
      });
      return;
    }
    failedAttempts.set(uid, failures);
    send(res, 401, loginPage({ uid, username, failed: true }));
  };

  return async function handleInteraction(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    step: string | undefined,
  ): Promise<void> {
    try {
      const details = await provider.interactionDetails(req, res);
      // The interaction cookie must belong to the interaction in the URL.
      if (details.uid !== uid) {
        send(
          res,
          400,
          errorPage('Diese Anmeldung ist nicht mehr gültig. Bitte starten Sie sie in Antragsdesk neu.'),
        );
        return;
      }
      const accountId = details.session?.accountId;
      if (details.prompt.name === 'consent' && accountId !== undefined) {
        // Reached only with a running provider session (no password asked this time).
        await finish(req, res, uid, { consent: { grantId: await grantConsent(details, accountId) } });
      } else if (step === undefined && req.method === 'GET') {
        send(res, 200, loginPage({ uid }));
      } else if (step === 'login' && req.method === 'POST') {
        await login(req, res, details);
      } else if (step === 'abort' && req.method === 'POST') {
        await finish(req, res, uid, { error: 'access_denied', error_description: 'sign-in cancelled' });
      } else {
        send(res, 405, errorPage('Diese Anfrage ist hier nicht vorgesehen.'));
      }
    } catch {
      // An expired or foreign interaction (its cookie is missing or stale) lands here.
      if (!res.headersSent) {
        send(
          res,
          400,
          errorPage('Diese Anmeldung ist abgelaufen. Bitte starten Sie sie in Antragsdesk neu.'),
        );
      }
    }
  };
}
