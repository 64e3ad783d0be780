/** Small statistics the main process and the window both show, written once. */

/**
 * Wilson score interval of k successes in n trials (z = 1.96 for 95%), as fractions: sound at small counts and
 * near 0% or 100%, unlike the normal approximation. n = 0 says nothing: [0, 1].
 */
export function wilsonInterval(k: number, n: number, z = 1.96): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 }
  const p = k / n
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) }
}
