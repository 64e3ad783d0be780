/** "75.0% (3/4, 95% CI 30.1–95.4%)": a share with the count it rests on and its interval (fractions in). */
export function rateText(r: { k: number; n: number; value: number; low: number; high: number }): string {
  return r.n
    ? `${(100 * r.value).toFixed(1)}% (${r.k}/${r.n}, 95% CI ${(100 * r.low).toFixed(1)}–${(100 * r.high).toFixed(1)}%)`
    : '— (no cells)'
}

/**
 * A figure to `digits` places; an unbounded limit reads ∞ (a Passing–Bablok interval can be open when samples
 * share a reference value), and a missing one (NaN, or null after a JSON transport) reads —.
 */
export function fixed(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—'
  if (x === Infinity) return '∞'
  if (x === -Infinity) return '−∞'
  return x.toFixed(digits)
}
