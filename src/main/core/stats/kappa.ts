/**
 * Cohen's kappa for two raters on a square agreement table, with the large-sample standard error of Fleiss,
 * Cohen & Everitt (1969) for the interval (the one SAS PROC FREQ reports as ASE) and the standard error under
 * κ = 0 for the test.
 */
import { zTwoSided, type Interval } from './quantiles'

export interface KappaResult extends Interval {
  kappa: number
  /** Observed and chance agreement, as fractions. */
  observed: number
  expected: number
  se: number
  /** Standard error under the null hypothesis κ = 0, and its z statistic. */
  seNull: number
  z: number
  n: number
}

/** `table[i][j]`: items rater A put in class i and rater B in class j. */
export function cohenKappa(table: readonly (readonly number[])[], level = 0.95): KappaResult {
  const k = table.length
  if (table.some((row) => row.length !== k)) throw new Error('the agreement table must be square')
  const n = table.flat().reduce((s, v) => s + v, 0)
  if (n === 0) throw new Error('the agreement table is empty')
  const p = table.map((row) => row.map((v) => v / n))
  const rows = p.map((row) => row.reduce((s, v) => s + v, 0))
  const cols = p[0].map((_, j) => p.reduce((s, row) => s + row[j], 0))
  const observed = p.reduce((s, row, i) => s + row[i], 0)
  const expected = rows.reduce((s, r, i) => s + r * cols[i], 0)
  const kappa = expected === 1 ? 1 : (observed - expected) / (1 - expected)
  let a = 0
  let b = 0
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      if (i === j) a += p[i][i] * (1 - (rows[i] + cols[i]) * (1 - kappa)) ** 2
      else b += p[i][j] * (cols[i] + rows[j]) ** 2
    }
  const variance =
    (a + (1 - kappa) ** 2 * b - (kappa - expected * (1 - kappa)) ** 2) / ((1 - expected) ** 2 * n)
  const se = Math.sqrt(Math.max(0, variance))
  const nullSum = rows.reduce((s, r, i) => s + r * cols[i] * (r + cols[i]), 0)
  const seNull = Math.sqrt(Math.max(0, (expected + expected ** 2 - nullSum) / ((1 - expected) ** 2 * n)))
  const z = zTwoSided(level)
  return {
    kappa,
    observed,
    expected,
    se,
    seNull,
    z: seNull > 0 ? kappa / seNull : 0,
    low: Math.max(-1, kappa - z * se),
    high: Math.min(1, kappa + z * se),
    n
  }
}

/** The agreement table of paired labels over `classes` (pairs naming another class are left out). */
export function agreementTable(
  pairs: readonly { a: string; b: string }[],
  classes: readonly string[]
): number[][] {
  const index = new Map(classes.map((c, i) => [c, i]))
  const table = classes.map(() => classes.map(() => 0))
  for (const { a, b } of pairs) {
    const i = index.get(a)
    const j = index.get(b)
    if (i !== undefined && j !== undefined) table[i][j]++
  }
  return table
}
