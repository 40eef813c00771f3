import { SenderClient } from '../../main/fitconnect/sender/client';
import type { DemoCredentials } from '../demo';
import { type LoadResult, sendMany } from './load';

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
