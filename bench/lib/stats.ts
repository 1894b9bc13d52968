// Summaries of repeated measurements: the median is the headline (robust to a noisy neighbour on
// a shared machine), min and max show the spread.

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** The value below which `p` percent of the samples fall (nearest rank on the sorted samples). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
  };
}

/**
 * How a cost grows with the size of the input: the exponent k in time ∝ size^k between two sizes
 * (1 is linear, 2 quadratic).
 */
export function growthExponent(
  smallSize: number,
  smallTime: number,
  largeSize: number,
  largeTime: number,
): number {
  return Math.log(largeTime / smallTime) / Math.log(largeSize / smallSize);
}
