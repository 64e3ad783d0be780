import type { Progress } from '../../shared/types/progress'

function fmtSeconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '--:--'
  const m = Math.floor(s / 60)
  const sec = Math.round(s % 60)
  return `${m}:${String(sec).padStart(2, '0')}`
}

/**
 * A one-line progress bar on a terminal (stderr, so `--json` output on stdout stays clean). When stderr is not
 * a TTY (CI, pipes) it prints a line every 10% instead of redrawing.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): (p: Progress) => void {
  let lastDecile = -1
  return (p) => {
    const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0
    const rate = p.rate !== undefined ? `${p.rate.toFixed(1)}/s` : ''
    const text = `${p.phase} ${p.done}/${p.total} ${rate} ETA ${fmtSeconds(p.etaSeconds)}`
    if (stream.isTTY) {
      const width = 30
      const filled = Math.round(frac * width)
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`)
      if (p.done >= p.total) stream.write('\n')
    } else {
      const decile = Math.floor(frac * 10)
      if (decile !== lastDecile) {
        lastDecile = decile
        stream.write(`${text}\n`)
      }
    }
  }
}
