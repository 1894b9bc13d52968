// Measures several variants of one thing run by run, alternating who goes first, so load from
// other jobs on a shared machine hits every variant alike. Warm-up rounds are run and dropped.

export interface Variant {
  name: string;
  /** One measured run; returns its duration in milliseconds. */
  run(round: number): Promise<number>;
}

export interface InterleaveOptions {
  warmup: number;
  runs: number;
  /** Called after each measured run, for progress output. */
  onRun?: (variant: string, round: number, ms: number) => void;
}

export async function measureInterleaved(
  variants: readonly Variant[],
  { warmup, runs, onRun }: InterleaveOptions,
): Promise<Map<string, number[]>> {
  const samples = new Map(variants.map((v) => [v.name, [] as number[]]));
  for (let round = -warmup; round < runs; round++) {
    // Rotate the order each round: every variant takes every position equally often.
    const shift = ((round % variants.length) + variants.length) % variants.length;
    const order = [...variants.slice(shift), ...variants.slice(0, shift)];
    for (const variant of order) {
      const ms = await variant.run(round);
      if (round < 0) continue;
      samples.get(variant.name)!.push(ms);
      onRun?.(variant.name, round, ms);
    }
  }
  return samples;
}
