import { z } from 'zod';
import { createRandom, type Random } from './random';

/**
 * The chaos switch: at `rate`, a request meets one of the fault kinds instead of normal service, drawn from a
 * seedable source so that a failing run can be replayed.
 */
export const CHAOS_KINDS = ['5xx', 'timeout', 'reset', 'slow'] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

export const chaosSettings = z.object({
  rate: z.number().min(0).max(1),
  kinds: z.array(z.enum(CHAOS_KINDS)).default([...CHAOS_KINDS]),
  seed: z.number().int().optional(),
  /** Delay added by `slow`. */
  slowMs: z.number().int().min(0).max(60_000).default(1_500),
  /** How long a `timeout` holds the request before dropping the connection. */
  hangMs: z.number().int().min(0).max(600_000).default(120_000),
});
export type ChaosSettings = z.input<typeof chaosSettings>;
export type ChaosConfig = z.output<typeof chaosSettings>;

export class ChaosSwitch {
  private config: ChaosConfig;
  private random: Random;
  readonly injected: Record<ChaosKind, number> = { '5xx': 0, timeout: 0, reset: 0, slow: 0 };

  constructor(settings: ChaosSettings = { rate: 0 }) {
    this.config = chaosSettings.parse(settings);
    this.random = createRandom(this.config.seed);
  }

  set(settings: ChaosSettings): ChaosConfig {
    this.config = chaosSettings.parse(settings);
    this.random = createRandom(this.config.seed);
    return this.config;
  }

  get(): ChaosConfig {
    return this.config;
  }

  /** The fault for the next request, or undefined for normal service. */
  draw(): ChaosKind | undefined {
    const { rate, kinds } = this.config;
    if (rate === 0 || kinds.length === 0 || this.random.next() >= rate) return undefined;
    const kind = this.random.pick(kinds);
    this.injected[kind]++;
    return kind;
  }

  /** 500 or 503, half and half. */
  drawStatus(): 500 | 503 {
    return this.random.chance(0.5) ? 500 : 503;
  }
}
