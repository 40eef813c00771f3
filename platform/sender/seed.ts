import { SenderClient } from '../../main/fitconnect/sender/client';
import type { SentSubmission } from '../../main/fitconnect/sender/send';
import type { DemoCredentials } from '../demo';
import { createRandom } from '../random';
import { generateApplication } from './application';
import type { Defect } from './compose';
import { type LoadResult, sendMany } from './load';
import { sendApplication } from './send';

export interface SeedOptions {
  /** How many demo applications (default 12: two per service). */
  count?: number;
  seed?: number;
  concurrency?: number;
}

/** Sends demo applications to every demo destination, as the demo sender client. */
export async function seedDemoSubmissions(
  platform: { url: string; tokenUrl: string; demo: DemoCredentials },
  options: SeedOptions = {},
): Promise<LoadResult> {
  const client = new SenderClient({
    baseUrl: platform.url,
    tokenUrl: platform.tokenUrl,
    clientId: platform.demo.sender.clientId,
    clientSecret: platform.demo.sender.clientSecret,
  });
  const targets = platform.demo.departments.flatMap((department) =>
    department.destinations.map((destination) => ({
      destinationId: destination.destinationId,
      services: destination.services,
    })),
  );
  try {
    return await sendMany(client, {
      count: options.count ?? 12,
      concurrency: options.concurrency ?? 2,
      seed: options.seed ?? 1,
      targets,
    });
  } finally {
    await client.close();
  }
}

/**
 * Sends one demo application per defect to the first demo destination (the Bürgerservice's), so that the
 * failure path of the verification can be shown and trained.
 */
export async function seedDefectiveSubmissions(
  platform: { url: string; tokenUrl: string; demo: DemoCredentials },
  defects: readonly Exclude<Defect, 'attachment-swapped'>[],
  seed = 1,
): Promise<SentSubmission[]> {
  const destination = platform.demo.departments[0]?.destinations[0];
  if (destination === undefined) return [];
  const client = new SenderClient({
    baseUrl: platform.url,
    tokenUrl: platform.tokenUrl,
    clientId: platform.demo.sender.clientId,
    clientSecret: platform.demo.sender.clientSecret,
  });
  try {
    const key = await client.encryptionKey(destination.destinationId);
    const sent: SentSubmission[] = [];
    for (const [index, defect] of defects.entries()) {
      const random = createRandom(seed + index);
      const service = destination.services[index % destination.services.length];
      if (service === undefined) break;
      const app = await generateApplication(service, { random });
      sent.push(await sendApplication(client, destination.destinationId, app, { random, key, defect }));
    }
    return sent;
  } finally {
    await client.close();
  }
}
