/** Small formatting helpers shared by the screens (pure, unit-tested). */

export function pct(x: number | undefined | null, digits = 1): string {
  return x === undefined || x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`
}

export function num(x: number | undefined | null, digits = 3): string {
  return x === undefined || x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits)
}

export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—'
  if (seconds < 60) return `${Math.round(seconds)} s`
  const m = Math.floor(seconds / 60)
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString()
}

/** The last path segment, for captions (works for / and \ separators). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}

/** Probabilities of a prediction as [class, p] pairs, highest first. */
export function rankedProbabilities(
  classes: readonly string[],
  probabilities: readonly number[]
): [string, number][] {
  return classes.map((c, i): [string, number] => [c, probabilities[i] ?? 0]).sort((a, b) => b[1] - a[1])
}

/** "95% CI a–b" in a figure's own format, or '' without an interval. */
export function ci(
  interval: readonly [number, number] | undefined,
  fmt: (x: number) => string = (x) => pct(x)
): string {
  return interval ? `95% CI ${fmt(interval[0])}–${fmt(interval[1])}` : ''
}
