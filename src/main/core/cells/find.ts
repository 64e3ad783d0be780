/**
 * The white-cell finder: RGB field in, one box + mask + score per white cell out.
 *
 * 1. Scale: the red-cell diameter in pixels, given or estimated from a small copy of the field (scale.ts).
 * 2. Work at a reduced resolution where a red cell is `workRedCellPx` pixels across: enough for white cells
 *    (1.5–2.5 red cells across) and cheap whatever the field's size.
 * 3. Nucleus pixels: blue well above green, in level or in ratio (a dim field). Stained nuclei and platelets pass;
 *    red cells and background do not.
 * 4. Nucleus fragments close to each other (the lobes of a neutrophil) are grouped into one cell. A group is
 *    rejected when its nucleus is smaller than a nucleus (platelets, debris) or never reaches a nucleus' stain,
 *    (blue − green) / blue (bluish red cells of a blue-tinted field, fibres, loose platelet clumps).
 * 5. Touching cells: a group at least twice as long as wide whose distance map has two deep peaks joined by a
 *    neck is split by watershed. A round group stays whole: the lobes of one neutrophil have necks too.
 * 6. The box covers the nucleus plus a rim of cytoplasm; the mask is the nucleus dilated by the same rim.
 * All sizes are in micrometres, converted through the scale, so the finder does not depend on magnification.
 */
import type { RgbPixels } from '../images/resize'
import { labelComponents } from './components'
import { close, dilate, distance } from './distance'
import { downsampleRgb, fitWithin } from './resample'
import { estimateRedCellDiameter, RED_CELL_DIAMETER_UM } from './scale'
import { nucleusSignal } from './stain'
import { watershed } from './watershed'

export interface CellFinderOptions {
  /** Red-cell diameter in the field's pixels; estimated from the field when absent. */
  redCellDiameterPx?: number
  /** Micrometres per pixel; overrides the red-cell estimate (a red cell = 7.5 µm). */
  micronsPerPixel?: number
  /** Blue-minus-green level above which a pixel is nucleus. */
  nucleusThreshold?: number
  /**
   * A pixel is nucleus also when (blue − green) / blue exceeds this: under a dim lamp every difference shrinks
   * with the light while the ratio stays, so nuclei of a dark field still pass.
   */
  nucleusStain?: number
  /** Smallest area of one white cell (nucleus plus rim), µm²: platelets and their clumps are smaller. */
  minCellAreaUm2?: number
  /** Gap between nucleus fragments still counted as one cell, µm. */
  lobeGapUm?: number
  /** Cytoplasm rim added around the nucleus, µm. */
  rimUm?: number
  /** Smallest deep-peak radius (µm) that may seed a cell of its own when splitting touching cells. */
  splitPeakUm?: number
  /**
   * Gaps in a nucleus' granular texture closed (µm) before its distance map is read for touching cells. Small,
   * so that the neck between two touching nuclei survives.
   */
  textureGapUm?: number
  /** How far the distance map must dip between two peaks, relative to the lower peak, to make two cells. */
  neckRatio?: number
  /**
   * Least elongation (long over short principal axis of the nucleus pixels) of a group that may be split into
   * touching cells. Two touching round nuclei are at least about twice as long as wide in some direction; the
   * lobes of one neutrophil fill a roughly round outline. Rotation- and scale-free.
   */
  minSplitElongation?: number
  /**
   * Least peak stain of a cell's nucleus: its strongest (blue − green) / blue at the working resolution. A white
   * cell's nucleus is the most densely stained thing in a smear; the purple tinge of a bluish red cell, a fibre
   * or a loose platelet clump passes the nucleus threshold but not this. A ratio, so the same under a brighter
   * or dimmer lamp and on stain-normalised single-cell images (C-NMC).
   */
  minPeakStain?: number
  /** Least nucleus area, µm² (0: no limit beyond the cell area). */
  minNucleusUm2?: number
}

export const DEFAULT_FINDER_OPTIONS = {
  nucleusThreshold: 40,
  nucleusStain: 0.3,
  minCellAreaUm2: 40,
  lobeGapUm: 2.5,
  rimUm: 1.5,
  splitPeakUm: 2.5,
  textureGapUm: 2.5,
  neckRatio: 0.5,
  minSplitElongation: 2,
  minPeakStain: 0.45,
  minNucleusUm2: 15
} as const

/**
 * A fragment joined by overlap makes its group one cell (never split) when it holds at least this many times
 * the smallest nucleus' area; smaller ones are specks (granules, a platelet at the edge).
 */
const MERGED_LOBE_FACTOR = 0.5

/**
 * Blue − green below this is camera noise, not stain, however dark the pixel (a black border, a vignetted
 * corner): the ratio rule does not apply there.
 */
const STAIN_NOISE = 12

/** Each part of a split touching pair must be at least this many times the smallest cell's area. */
const SPLIT_PART_FACTOR = 1.5

/** A cell before it is returned: with the measures the finder's rules read. */
interface Candidate extends FoundCell {
  /** Mask area in working pixels. */
  maskArea: number
  /** Nucleus pixels (working resolution). */
  nucleusPx: number
  /** Strongest (blue − green) / blue of the nucleus (working resolution, so not one noisy pixel of the file). */
  peakStain: number
}

function strip(c: Candidate): FoundCell {
  const { maskArea: _a, nucleusPx: _n, peakStain: _p, ...cell } = c
  return cell
}

/** Resolution of the working image: a red cell this many pixels across. */
const WORK_RED_CELL_PX = 24
/** Side of the small copy the scale is estimated on. */
const PROBE_SIDE = 160

export type ScaleSource = 'given' | 'estimated' | 'assumed'

export interface FoundCell {
  /** Box in the field's own pixels: top-left corner, size. */
  x: number
  y: number
  width: number
  height: number
  /** Cell area (nucleus + rim mask) in the field's pixels. */
  areaPx: number
  /** 0–1: how clearly this is a white cell (nucleus area and stain strength). */
  score: number
  /** Cell mask over the box, at `maskScale` of the field's resolution (1 = full). Row-major, 1 = cell. */
  mask: { data: Uint8Array; width: number; height: number }
}

export interface CellFinderResult {
  cells: FoundCell[]
  width: number
  height: number
  /** Red-cell diameter used, in the field's pixels, and where it came from. */
  redCellDiameterPx: number
  scaleSource: ScaleSource
  micronsPerPixel: number
  /** Factor from field pixels to the working image the masks are at. */
  maskScale: number
}

/** The red-cell diameter to use: given, measured, or (no red cells, e.g. one segmented cell on black) assumed. */
export function resolveScale(
  img: RgbPixels,
  opts: CellFinderOptions
): { redCellDiameterPx: number; source: ScaleSource } {
  if (opts.micronsPerPixel !== undefined) {
    return { redCellDiameterPx: RED_CELL_DIAMETER_UM / opts.micronsPerPixel, source: 'given' }
  }
  if (opts.redCellDiameterPx !== undefined)
    return { redCellDiameterPx: opts.redCellDiameterPx, source: 'given' }
  const probeSize = fitWithin(img.width, img.height, PROBE_SIDE)
  const probe = downsampleRgb(img, probeSize.width, probeSize.height)
  const est = estimateRedCellDiameter(probe)
  const factor = img.width / probe.width
  // Fewer than ~10 peaks: no field of red cells (a single segmented cell); assume a field six red cells wide.
  if (est.redCellDiameterPx === undefined || est.peaks < 10) {
    return { redCellDiameterPx: Math.max(img.width, img.height) / 6, source: 'assumed' }
  }
  return { redCellDiameterPx: est.redCellDiameterPx * factor, source: 'estimated' }
}

interface Group {
  pixels: number[]
  /** Joined from separate fragments by overlap: lobes of one cell, never split again. */
  merged?: boolean
}

/** Nucleus pixels' bounding box. */
function boundsOf(pixels: number[], w: number): { x0: number; y0: number; x1: number; y1: number } {
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

/** Finds the white cells of an RGB field. */
export function findCells(img: RgbPixels, options: CellFinderOptions = {}): CellFinderResult {
  const opts = { ...DEFAULT_FINDER_OPTIONS, ...options }
  const scale = resolveScale(img, opts)
  const umPerPx = RED_CELL_DIAMETER_UM / scale.redCellDiameterPx
  const s = Math.min(1, WORK_RED_CELL_PX / scale.redCellDiameterPx)
  const w = Math.max(1, Math.round(img.width * s))
  const h = Math.max(1, Math.round(img.height * s))
  const work = downsampleRgb(img, w, h)
  const sx = img.width / w
  const sy = img.height / h
  const umPerWorkPx = umPerPx * sx
  const toWork = (um: number): number => um / umPerWorkPx

  const signal = nucleusSignal(work)
  const nucleus = new Uint8Array(w * h)
  for (let i = 0; i < nucleus.length; i++) {
    const v = signal[i]
    nucleus[i] =
      v > opts.nucleusThreshold || (v > STAIN_NOISE && v > opts.nucleusStain * work.data[i * 3 + 2]) ? 1 : 0
  }

  // Lobes and granules of one cell lie within a small gap of each other: group by a closing of that gap.
  const grouped = dilate(nucleus, w, h, toWork(opts.lobeGapUm) / 2)
  const { labels, components } = labelComponents(grouped, w, h)
  const groups: Group[] = components.map(() => ({ pixels: [] }))
  for (let i = 0; i < nucleus.length; i++) if (nucleus[i]) groups[labels[i] - 1].pixels.push(i)
  const minNucleusPx = opts.minNucleusUm2 / (umPerWorkPx * umPerWorkPx)
  mergeOverlapping(groups, w, toWork(opts.rimUm), MERGED_LOBE_FACTOR * minNucleusPx)

  const minArea = opts.minCellAreaUm2 / (umPerWorkPx * umPerWorkPx)
  const rim = toWork(opts.rimUm)
  const cells: FoundCell[] = []
  for (const g of groups) {
    if (g.pixels.length === 0) continue
    const whole = cellFromNucleus(
      g.pixels,
      signal,
      work,
      w,
      h,
      rim,
      minArea,
      opts.nucleusThreshold,
      sx,
      sy,
      img
    )
    if (whole.maskArea < minArea) continue
    // Faintly stained candidates (bluish red cells, fibres, platelet clumps) and too small a nucleus.
    if (whole.peakStain < opts.minPeakStain) continue
    if (whole.nucleusPx * umPerWorkPx * umPerWorkPx < opts.minNucleusUm2) continue
    const parts =
      g.merged || elongation(g.pixels, w) < opts.minSplitElongation
        ? [g.pixels]
        : splitGroup(g.pixels, w, h, toWork(opts.splitPeakUm), toWork(opts.textureGapUm), opts.neckRatio)
    const split = parts.map((part) =>
      cellFromNucleus(part, signal, work, w, h, rim, minArea, opts.nucleusThreshold, sx, sy, img)
    )
    // A split stands only when every part is a whole cell's size: lobes of one nucleus are not.
    if (split.length > 1 && split.every((c) => c.maskArea >= SPLIT_PART_FACTOR * minArea))
      cells.push(...split.map(strip))
    else cells.push(strip(whole))
  }
  cells.sort((a, b) => a.y - b.y || a.x - b.x)
  return {
    cells,
    width: img.width,
    height: img.height,
    redCellDiameterPx: scale.redCellDiameterPx,
    scaleSource: scale.source,
    micronsPerPixel: umPerPx,
    maskScale: 1 / sx
  }
}

/** The nucleus pixels of one group, split into one list per touching cell (one list when not touching). */
function splitGroup(
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

function cellFromNucleus(
  part: number[],
  signal: Int16Array,
  work: RgbPixels,
  w: number,
  h: number,
  rim: number,
  minArea: number,
  threshold: number,
  sx: number,
  sy: number,
  img: RgbPixels
): Candidate {
  const r = Math.ceil(rim)
  const { x0, y0, x1, y1 } = boundsOf(part, w)
  let strength = 0
  let peakStain = 0
  for (const p of part) {
    strength += signal[p]
    const blue = work.data[p * 3 + 2]
    if (blue > 0 && signal[p] / blue > peakStain) peakStain = signal[p] / blue
  }
  const bx0 = Math.max(0, x0 - r)
  const by0 = Math.max(0, y0 - r)
  const bx1 = Math.min(w - 1, x1 + r)
  const by1 = Math.min(h - 1, y1 + r)
  const mw = bx1 - bx0 + 1
  const mh = by1 - by0 + 1
  const local = new Uint8Array(mw * mh)
  for (const p of part) {
    const x = p % w
    const y = (p - x) / w
    local[(y - by0) * mw + (x - bx0)] = 1
  }
  const mask = dilate(local, mw, mh, rim)
  let maskArea = 0
  for (let i = 0; i < mask.length; i++) maskArea += mask[i]
  const meanSignal = strength / part.length
  // Two saturating factors: nucleus area against the smallest accepted, stain against the threshold.
  const areaFactor = 1 - Math.exp(-part.length / minArea)
  const stainFactor = Math.min(1, Math.max(0, (meanSignal - threshold) / threshold))
  const x = Math.round(bx0 * sx)
  const y = Math.round(by0 * sy)
  return {
    x,
    y,
    width: Math.min(img.width, Math.round((bx1 + 1) * sx)) - x,
    height: Math.min(img.height, Math.round((by1 + 1) * sy)) - y,
    areaPx: Math.round(maskArea * sx * sy),
    score: Math.round(areaFactor * (0.5 + 0.5 * stainFactor) * 1000) / 1000,
    mask: { data: mask, width: mw, height: mh },
    maskArea,
    nucleusPx: part.length,
    peakStain
  }
}
