import { close, distance } from './distance'
import { boundsOf } from './grouping'
import { watershed } from './watershed'

/**
 * Touching cells: a long group whose nucleus body has separate deep peaks, joined by a neck, is split by
 * watershed into one pixel list per cell.
 */

/** Long over short principal axis (square root of the second moments' eigenvalue ratio) of a pixel set. */
export function elongation(pixels: number[], w: number): number {
  let sx = 0
  let sy = 0
  for (const p of pixels) {
    const x = p % w
    sx += x
    sy += (p - x) / w
  }
  const n = pixels.length
  const mx = sx / n
  const my = sy / n
  let xx = 0
  let yy = 0
  let xy = 0
  for (const p of pixels) {
    const x = (p % w) - mx
    const y = Math.floor(p / w) - my
    xx += x * x
    yy += y * y
    xy += x * y
  }
  const tr = (xx + yy) / 2
  const det = Math.sqrt(((xx - yy) / 2) ** 2 + xy * xy)
  const small = tr - det
  return small > 0 ? Math.sqrt((tr + det) / small) : Infinity
}

/** Splits a group's nucleus pixels into cells where its distance map has separate deep peaks. */
function splitTouching(
  groupMask: Uint8Array,
  w: number,
  h: number,
  minPeakPx: number,
  neckRatio: number
): Int32Array | undefined {
  const d = distance(groupMask, w, h)
  const peaks: { index: number; v: number; x: number; y: number }[] = []
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const p = y * w + x
      const v = d[p]
      if (v < minPeakPx) continue
      let isMax = true
      for (let dy = -1; dy <= 1 && isMax; dy++)
        for (let dx = -1; dx <= 1; dx++)
          if ((dx || dy) && d[p + dy * w + dx] > v) {
            isMax = false
            break
          }
      if (isMax) peaks.push({ index: p, v, x, y })
    }
  }
  if (peaks.length < 2) return undefined
  peaks.sort((a, b) => b.v - a.v)
  const kept: typeof peaks = []
  for (const pk of peaks) {
    // A second seed needs a neck: along the straight line to every kept seed the distance map dips well below
    // both peaks. Plateaus and bumps of one round nucleus have no such dip.
    const separate = kept.every((k) => {
      const steps = Math.ceil(Math.hypot(k.x - pk.x, k.y - pk.y))
      let low = Infinity
      for (let s = 0; s <= steps; s++) {
        const x = Math.round(pk.x + ((k.x - pk.x) * s) / Math.max(1, steps))
        const y = Math.round(pk.y + ((k.y - pk.y) * s) / Math.max(1, steps))
        low = Math.min(low, d[y * w + x])
      }
      return low < neckRatio * Math.min(k.v, pk.v)
    })
    if (separate) kept.push(pk)
  }
  if (kept.length < 2) return undefined
  return watershed(
    groupMask,
    d,
    w,
    h,
    kept.map((k, i) => ({ index: k.index, label: i + 1 }))
  )
}

/** The nucleus pixels of one group, split into one list per touching cell (one list when not touching). */
export function splitGroup(
  pixels: number[],
  w: number,
  h: number,
  minPeakPx: number,
  textureGapPx: number,
  neckRatio: number
): number[][] {
  const { x0, y0, x1, y1 } = boundsOf(pixels, w)
  const pad = 2
  const bw = x1 - x0 + 1 + 2 * pad
  const bh = y1 - y0 + 1 + 2 * pad
  const local = new Uint8Array(bw * bh)
  for (const p of pixels) {
    const x = p % w
    const y = (p - x) / w
    local[(y - y0 + pad) * bw + (x - x0 + pad)] = 1
  }
  // The nucleus' body without its granular texture, so that peaks are nuclei rather than speckle.
  const body = close(local, bw, bh, textureGapPx / 2)
  const split = splitTouching(body, bw, bh, minPeakPx, neckRatio)
  if (!split) return [pixels]
  const parts = new Map<number, number[]>()
  const unreached: number[] = []
  for (const p of pixels) {
    const x = p % w
    const y = (p - x) / w
    const label = split[(y - y0 + pad) * bw + (x - x0 + pad)]
    if (!label) {
      unreached.push(p)
      continue
    }
    const list = parts.get(label) ?? []
    list.push(p)
    parts.set(label, list)
  }
  // Fragments the floods never reached (lobes not joined to any seed) go to the part with the nearest centre.
  const lists = [...parts.values()]
  const centres = lists.map((list) => {
    let cx = 0
    let cy = 0
    for (const p of list) {
      cx += p % w
      cy += Math.floor(p / w)
    }
    return { cx: cx / list.length, cy: cy / list.length }
  })
  for (const p of unreached) {
    const x = p % w
    const y = (p - x) / w
    let best = 0
    for (let i = 1; i < centres.length; i++) {
      if (
        Math.hypot(centres[i].cx - x, centres[i].cy - y) <
        Math.hypot(centres[best].cx - x, centres[best].cy - y)
      )
        best = i
    }
    lists[best].push(p)
  }
  return lists
}
