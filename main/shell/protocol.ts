/** The `app://antragsdesk/` scheme that serves the renderer (never file://), with the app's CSP. */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../api/origin';
import { resolveUiFile, securityHeaders } from '../ui/static-files';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // codeCache: V8 keeps the compiled renderer between starts (as it does for http), so a start after
    // the first compiles almost nothing.
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === APP_HOST && request.method === 'GET' ? resolveUiFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404, headers: securityHeaders });
    return new Response(await readFile(file.path), {
      headers: { ...securityHeaders, 'Content-Type': file.contentType },
    });
  });
}
