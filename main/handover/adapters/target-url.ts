/** The address of a receiving system: HTTPS, or plain HTTP to this machine only (a local bridge or test). */
import { HandoverError } from '../errors';

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export function targetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HandoverError('target-invalid', { detail: 'not a URL' });
  }
  // Plain HTTP would expose the case on the wire.
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname));
  if (!allowed) throw new HandoverError('target-invalid', { detail: 'HTTPS required' });
  return url;
}
