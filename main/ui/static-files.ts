/**
 * Serving the built renderer, shared by the desktop `app://` protocol and the loopback server so both
 * answer with the same files and the same Content-Security-Policy.
 */
import { realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

/** No remote code, no eval, no inline script; the renderer talks only to its own origin. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
};

export interface UiFile {
  path: string;
  contentType: string;
  /**
   * The build names everything under assets/ by its content hash, so a browser may keep those for good
   * (and keep V8's compiled code with them: a warm start compiles nothing); index.html and the rest are
   * asked again every time, so a new build is seen at once.
   */
  cacheControl: string;
}

const immutable = 'public, max-age=31536000, immutable';

/**
 * Maps a URL path to a file inside `root`, or null. Paths that escape the root (also through `..` after
 * decoding, or a symlink) are refused; unknown paths without an extension fall back to index.html so the
 * single-page app can route.
 */
export function resolveUiFile(root: string, urlPath: string): UiFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = realpathSync(resolve(root));
  const wanted = decoded === '/' || decoded === '' ? '/index.html' : decoded;
  let candidate = resolve(join(base, wanted));
  if (!isInside(base, candidate)) return null;
  if (!isFile(candidate)) {
    if (extname(wanted) !== '') return null;
    candidate = join(base, 'index.html');
  }
  const real = realpathSync(candidate);
  if (!isInside(base, real)) return null;
  return {
    path: real,
    contentType: mimeTypes[extname(real).toLowerCase()] ?? 'application/octet-stream',
    cacheControl: real.startsWith(join(base, 'assets') + sep) ? immutable : 'no-cache',
  };
}

function isInside(base: string, candidate: string): boolean {
  return candidate === base || candidate.startsWith(base + sep);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
