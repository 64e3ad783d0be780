/**
 * The white-cell finder: RGB field in, one box + mask + score per white cell out.
 *
 * 1. Scale: the red-cell diameter in pixels, given or estimated from a small copy of the field (scale.ts).
 * 2. Work at a reduced resolution where a red cell is `workRedCellPx` pixels across: enough for white cells
 *    (1.5–2.5 red cells across) and cheap whatever the field's size.
 * 3. Nucleus pixels: blue well above green, in level or in ratio (a dim field). Stained nuclei and platelets pass;
 *    red cells and background do not.
 * 4. Nucleus fragments close to each other (the lobes of a neutrophil) are grouped into one cell
 *    (grouping.ts). A group is rejected when its nucleus is smaller than a nucleus (platelets, debris) or
 *    never reaches a nucleus' stain, (blue − green) / blue (bluish red cells of a blue-tinted field,
 *    fibres, loose platelet clumps).
 * 5. Touching cells: a group at least twice as long as wide whose distance map has two deep peaks joined
 *    by a neck is split by watershed (split.ts). A round group stays whole: the lobes of one neutrophil
 *    have necks too.
 * 6. The box covers the nucleus plus a rim of cytoplasm; the mask is the nucleus dilated by the same rim
 *    (box.ts).
 * All sizes are in micrometres, converted through the scale, so the finder does not depend on magnification.
 */
import type { RgbPixels } from '../images/resize'
import { cellFromNucleus, strip, type FoundCell, type WorkImage } from './box'
import { groupNuclei } from './grouping'
import { downsampleRgb, fitWithin } from './resample'
import { estimateRedCellDiameter, RED_CELL_DIAMETER_UM } from './scale'
import { elongation, splitGroup } from './split'
import { nucleusSignal } from './stain'

export type { FoundCell } from './box'

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

/** Resolution of the working image: a red cell this many pixels across. */
const WORK_RED_CELL_PX = 24
/** Side of the small copy the scale is estimated on. */
const PROBE_SIDE = 160

export type ScaleSource = 'given' | 'estimated' | 'assumed'

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

/** Nucleus pixels: blue well above green, in level or in ratio to blue (a dim field), above the camera's noise. */
function nucleusMask(work: RgbPixels, signal: Int16Array, threshold: number, stainRatio: number): Uint8Array {
  const nucleus = new Uint8Array(work.width * work.height)
  for (let i = 0; i < nucleus.length; i++) {
    const v = signal[i]
    nucleus[i] = v > threshold || (v > STAIN_NOISE && v > stainRatio * work.data[i * 3 + 2]) ? 1 : 0
  }
  return nucleus
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
  const at: WorkImage = { work, signal, w, h, sx, sy, img }
  const nucleus = nucleusMask(work, signal, opts.nucleusThreshold, opts.nucleusStain)
  const minNucleusPx = opts.minNucleusUm2 / (umPerWorkPx * umPerWorkPx)
  const groups = groupNuclei(
    nucleus,
    w,
    h,
    toWork(opts.lobeGapUm),
    toWork(opts.rimUm),
    MERGED_LOBE_FACTOR * minNucleusPx
  )

  const minArea = opts.minCellAreaUm2 / (umPerWorkPx * umPerWorkPx)
  const rim = toWork(opts.rimUm)
  const cells: FoundCell[] = []
  for (const g of groups) {
    if (g.pixels.length === 0) continue
    const whole = cellFromNucleus(g.pixels, at, rim, minArea, opts.nucleusThreshold)
    if (whole.maskArea < minArea) continue
    // Faintly stained candidates (bluish red cells, fibres, platelet clumps) and too small a nucleus.
    if (whole.peakStain < opts.minPeakStain) continue
    if (whole.nucleusPx * umPerWorkPx * umPerWorkPx < opts.minNucleusUm2) continue
    const parts =
      g.merged || elongation(g.pixels, w) < opts.minSplitElongation
        ? [g.pixels]
        : splitGroup(g.pixels, w, h, toWork(opts.splitPeakUm), toWork(opts.textureGapUm), opts.neckRatio)
    const split = parts.map((part) => cellFromNucleus(part, at, rim, minArea, opts.nucleusThreshold))
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
