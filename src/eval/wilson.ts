/**
 * The 95% Wilson score interval of k successes in n (../shared/evaluation.md): centre
 * (k + 1.92) / (n + 3.84), half-width 1.96 * sqrt(k(n-k)/n + 0.96) / (n + 3.84).
 */
export function wilson(k: number, n: number): { rate: number; low: number; high: number } {
  if (n === 0) return { rate: 0, low: 0, high: 1 };
  const centre = (k + 1.92) / (n + 3.84);
  const half = (1.96 * Math.sqrt((k * (n - k)) / n + 0.96)) / (n + 3.84);
  return { rate: k / n, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** "330/334 = 98.8% (97.0-99.5)". */
export function formatRate(k: number, n: number): string {
  const w = wilson(k, n);
  const pct = (x: number) => (x * 100).toFixed(1);
  return `${k}/${n} = ${pct(w.rate)}% (${pct(w.low)}-${pct(w.high)})`;
}
