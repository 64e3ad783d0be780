/** Text helpers shared by the report's HTML parts. */

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
  )
}

export const pct = (x: number): string => `${(100 * x).toFixed(1)}%`
