/**
 * Seeded randomness for the simulator and the workload. Nothing in Fault Lab calls
 * Math.random: every random choice comes from an Rng made from the scenario's seed,
 * so a run is a pure function of (scenario, seed).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

export class Rng {
  private constructor(private readonly gen: JumpableRandomGenerator) {}

  static fromSeed(seed: number): Rng {
    return new Rng(xoroshiro128plus(seed >>> 0));
  }

  /** An independent stream (2^64 steps away), so adding draws here never shifts the child. */
  fork(): Rng {
    const child = this.gen.clone();
    child.jump();
    this.gen.jump();
    this.gen.jump();
    return new Rng(child);
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return uniformInt(this.gen, lo, hi);
  }

  /** A float in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    if (probability <= 0) return false;
    if (probability >= 1) return true;
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}
