/**
 * The local platform in a process of its own (pooled keys), for the sync bench: so that serving the
 * submissions does not share the measured process. Prints one line of JSON (url, tokenUrl, issuer, demo
 * credentials) once it listens, and closes on SIGTERM.
 *
 *   node --import tsx test/unit/subscriber/platform-child.ts <data dir>
 */
import { writeSync } from 'node:fs';
import { startPlatform } from '../../../platform/index';
import { pooledKeyFactory } from '../../support/platform-keys';

const [dataDir] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: platform-child <data dir>');
const platform = await startPlatform({ dataDir, keyFactory: await pooledKeyFactory() });
const { url, tokenUrl, issuer, demo } = platform;
writeSync(1, `${JSON.stringify({ url, tokenUrl, issuer, demo })}\n`);
process.once('SIGTERM', () => {
  void platform.close().then(() => process.exit(0));
});
