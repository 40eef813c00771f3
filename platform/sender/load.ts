import type { EncryptionKey } from '../../main/fitconnect/crypto';
import type { SenderClient } from '../../main/fitconnect/sender/client';
import type { SentSubmission } from '../../main/fitconnect/sender/send';
import { createRandom } from '../random';
import type { ServiceId } from '../services';
import { generateApplication, type MetadataVersion } from './application';
import { sendApplication } from './send';

export interface LoadTarget {
  destinationId: string;
  services: readonly ServiceId[];
}

export interface LoadOptions {
  count: number;
  /** Submissions in flight at once. */
  concurrency: number;
  /** Submission i uses seed + i, so the set is the same whatever the concurrency. */
  seed?: number;
  targets: readonly LoadTarget[];
  metadataVersion?: MetadataVersion;
  /** Encrypt parts with zip DEF. */
  compress?: boolean;
}

export interface LoadResult {
  sent: SentSubmission[];
  /** Failures by submission index (errors carry codes and statuses, no content). */
  failed: { index: number; error: unknown }[];
}

/** Sends `count` generated applications, round-robin over targets and their services. */
export async function sendMany(client: SenderClient, options: LoadOptions): Promise<LoadResult> {
  const baseSeed = options.seed ?? Date.now() % 2 ** 31;
  const keys = new Map<string, Promise<EncryptionKey>>();
  const keyFor = (destinationId: string) => {
    let key = keys.get(destinationId);
    if (key === undefined) {
      key = client.encryptionKey(destinationId);
      keys.set(destinationId, key);
    }
    return key;
  };
  const result: LoadResult = { sent: [], failed: [] };
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < options.count; index = next++) {
      const target = options.targets[index % options.targets.length];
      if (target === undefined) return;
      const serviceId = target.services[Math.floor(index / options.targets.length) % target.services.length];
      if (serviceId === undefined) continue;
      try {
        const random = createRandom(baseSeed + index);
        const app = await generateApplication(serviceId, {
          random,
          ...(options.metadataVersion === undefined ? {} : { metadataVersion: options.metadataVersion }),
        });
        const key = await keyFor(target.destinationId);
        result.sent.push(
          await sendApplication(client, target.destinationId, app, {
            random,
            key,
            ...(options.compress ? { compress: true } : {}),
          }),
        );
      } catch (error) {
        result.failed.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return result;
}
