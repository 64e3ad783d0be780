import { labelComponents } from './components'
import { dilate } from './distance'

/**
 * Nucleus fragments into cells: fragments within a small gap of each other (the lobes and granules of one cell)
 * are one group, and groups whose nucleus-plus-rim boxes overlap enough are joined (a neutrophil's far lobe).
 */

export interface Group {
  pixels: number[]
  /** Joined from separate fragments by overlap: lobes of one cell, never split again. */
  merged?: boolean
}

/** Nucleus pixels' bounding box. */
export function boundsOf(pixels: number[], w: number): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (const p of pixels) {
    const x = p % w
    const y = (p - x) / w
    if (x < x0) x0 = x
    if (x > x1) x1 = x
    if (y < y0) y0 = y
    if (y > y1) y1 = y
  }
  return { x0, y0, x1, y1 }
}

/**
 * Joins groups whose nucleus-plus-rim boxes overlap by at least OVERLAP_MERGE of the smaller box: the far lobe
 * of a neutrophil lies inside its own cell's outline, while two separate cells' outlines barely overlap.
 * The absorbed group is left empty.
 */
function mergeOverlapping(groups: Group[], w: number, rim: number, lobePx: number): void {
  let changed = true
  while (changed) {
    changed = false
    const live = groups.filter((g) => g.pixels.length > 0)
    const boxes = live.map((g) => {
      const b = boundsOf(g.pixels, w)
      return { x0: b.x0 - rim, y0: b.y0 - rim, x1: b.x1 + rim, y1: b.y1 + rim }
    })
    for (let i = 0; i < live.length && !changed; i++) {
      for (let j = i + 1; j < live.length && !changed; j++) {
        const a = boxes[i]
        const b = boxes[j]
        const ix = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)
        const iy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0)
        if (ix <= 0 || iy <= 0) continue
        const smaller = Math.min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0))
        if (ix * iy >= OVERLAP_MERGE * smaller) {
          // A speck absorbed leaves a group free to be split; a lobe of nucleus size makes it one cell.
          if (Math.min(live[i].pixels.length, live[j].pixels.length) >= lobePx) live[i].merged = true
          live[i].pixels.push(...live[j].pixels)
          live[j].pixels = []
          changed = true
        }
      }
    }
  }
}

/** Overlap (of the smaller box) above which two nucleus groups are one cell. */
const OVERLAP_MERGE = 0.3

/**
 * The nucleus pixels grouped by a closing of `gapPx` and joined by overlap of their boxes grown by `rimPx`; a
 * joined fragment of at least `lobePx` marks its group as one cell.
 */
export function groupNuclei(
  nucleus: Uint8Array,
  w: number,
  h: number,
  gapPx: number,
  rimPx: number,
  lobePx: number
): Group[] {
  // Lobes and granules of one cell lie within a small gap of each other: group by a closing of that gap.
  const grouped = dilate(nucleus, w, h, gapPx / 2)
  const { labels, components } = labelComponents(grouped, w, h)
  const groups: Group[] = components.map(() => ({ pixels: [] }))
  for (let i = 0; i < nucleus.length; i++) if (nucleus[i]) groups[labels[i] - 1].pixels.push(i)
  mergeOverlapping(groups, w, rimPx, lobePx)
  return groups
}
