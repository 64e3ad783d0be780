/**
 * The white-cell finder on the BCCD fields: recall and precision at IoU ≥ 0.5 against the VOC WBC boxes, and
 * speed. The 255 fields are split by image number into two halves: the first (development: looked at) and the
 * second (held out). Both are printed, separately.
 *
 * Then a 2-fold cross-validation by halves of the finder's data-chosen settings (split elongation, peak stain,
 * nucleus area): each setting of a small grid is scored on one half, the best (F1; ties go to the one nearest the
 * default) is scored on the other half, and the other way round. The pooled figure is what settings chosen on
 * fields the finder had not seen reach on fields it had not seen.
 *
 *   npm run bench:cells                        # both halves, then the cross-validation
 *   BENCH_CELLS_SPLIT=dev|held-out npm run bench:cells
 *   BENCH_CELLS_CV=0                           # skip the cross-validation (it runs the finder 27 times per field)
 *   BENCH_CELLS_MISSES=1                       # also list each miss and false positive
 *   BENCH_CELLS_OPTIONS='{"lobeGapUm":3}'     # finder options (try them on the development half only)
 *   BENCH_CELLS_SCALES=0.6,1.5                 # also each half with its fields (and boxes) resized by these
 *                                              # factors: the finder must not depend on magnification
 *   BENCH_CELLS_EXPOSURES=0.5                  # also each half with every pixel value multiplied (a dimmer lamp)
 *
 * Speed: "find" is the finder alone on decoded pixels (decoding done beforehand); "decode+find" includes the
 * JPEG decode. One process, one thread. On these shared 2-core machines other work competes for the CPU:
 * compare figures from the same run.
 */
import { readFileSync } from 'node:fs'
import sharp from 'sharp'
import { join, resolve } from 'node:path'
import { matchBoxes, vocBoxes, type Box } from '../src/main/core/cells/boxes'
import { decodeField } from '../src/main/core/cells/field-file'
import { DEFAULT_FINDER_OPTIONS, findCells, type CellFinderOptions } from '../src/main/core/cells/find'
import type { RgbPixels } from '../src/main/core/images/resize'
import { bccdHalves } from './bccd'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
const ROOT = join(SHARED, 'data/bccd-fields')
const SPLIT = process.env.BENCH_CELLS_SPLIT ?? 'both'
const MISSES = process.env.BENCH_CELLS_MISSES === '1'
const CV = process.env.BENCH_CELLS_CV !== '0' && SPLIT === 'both'
const SCALES = (process.env.BENCH_CELLS_SCALES ?? '').split(',').filter(Boolean).map(Number)
const EXPOSURES = (process.env.BENCH_CELLS_EXPOSURES ?? '').split(',').filter(Boolean).map(Number)
/** Finder options as JSON, for trying settings on the development half, e.g. '{"lobeGapUm":3}'. */
const OPTIONS = JSON.parse(process.env.BENCH_CELLS_OPTIONS ?? '{}') as CellFinderOptions

/** The settings the cross-validation chooses among; each list holds the default. */
const GRID = {
  minSplitElongation: [1.5, 2, 2.5],
  minPeakStain: [0.4, 0.45, 0.5],
  minNucleusUm2: [0, 15, 30]
} as const
type GridKey = keyof typeof GRID

interface Field {
  name: string
  img: RgbPixels
  truth: Box[]
  decodeMs: number
}

interface Counts {
  tp: number
  fp: number
  fn: number
}

const fmtBox = (b: Box): string => `${b.x},${b.y} ${b.width}×${b.height}`

async function load(names: string[]): Promise<Field[]> {
  const out: Field[] = []
  for (const name of names) {
    const t0 = performance.now()
    const { img } = await decodeField(join(ROOT, 'JPEGImages', name))
    const decodeMs = performance.now() - t0
    const xml = readFileSync(join(ROOT, 'Annotations', name.replace(/\.jpg$/, '.xml')), 'utf8')
    out.push({ name, img, truth: vocBoxes(xml, 'WBC'), decodeMs })
  }
  return out
}

function score(fields: Field[], options: CellFinderOptions, log = false): Counts & { findMs: number } {
  const c = { tp: 0, fp: 0, fn: 0, findMs: 0 }
  for (const f of fields) {
    const t0 = performance.now()
    const found = findCells(f.img, options).cells
    c.findMs += performance.now() - t0
    const m = matchBoxes(found, f.truth)
    c.tp += m.truePositives
    c.fp += m.falsePositives
    c.fn += m.falseNegatives
    if (log && (m.falsePositives || m.falseNegatives)) {
      console.log(
        `  ${f.name}: missed [${m.unmatchedTruth.map((i) => fmtBox(f.truth[i])).join('; ')}] extra [${m.unmatchedFound
          .map((i) => fmtBox(found[i]))
          .join('; ')}] found [${found.map(fmtBox).join('; ')}]`
      )
    }
  }
  return c
}

const recall = (c: Counts): number => c.tp / (c.tp + c.fn)
const precision = (c: Counts): number => c.tp / (c.tp + c.fp)
const f1 = (c: Counts): number => (2 * c.tp) / (2 * c.tp + c.fp + c.fn)
const figures = (c: Counts): string => `recall ${recall(c).toFixed(3)}  precision ${precision(c).toFixed(3)}`

function evaluate(label: string, fields: Field[]): void {
  const c = score(fields, OPTIONS, MISSES)
  const decodeMs = fields.reduce((s, f) => s + f.decodeMs, 0)
  const n = fields.length
  const speed =
    `find ${((n * 1000) / c.findMs).toFixed(1)} fields/s` +
    (decodeMs > 0 ? `  decode+find ${((n * 1000) / (c.findMs + decodeMs)).toFixed(1)} fields/s` : '')
  console.log(
    `${label.padEnd(9)} fields ${String(n).padStart(3)}  WBC ${c.tp + c.fn}  found ${c.tp + c.fp}  ${figures(c)}  ${speed}`
  )
}

/** The fields and their boxes resized by `factor` (as a microscope with another pixel size would see them). */
async function resized(fields: Field[], factor: number): Promise<Field[]> {
  return Promise.all(
    fields.map(async (f) => {
      const { data, info } = await sharp(f.img.data, {
        raw: { width: f.img.width, height: f.img.height, channels: 3 }
      })
        .resize(Math.round(f.img.width * factor), Math.round(f.img.height * factor))
        .raw()
        .toBuffer({ resolveWithObject: true })
      const img = { data: new Uint8Array(data), width: info.width, height: info.height }
      const truth = f.truth.map((b) => ({
        x: b.x * factor,
        y: b.y * factor,
        width: b.width * factor,
        height: b.height * factor
      }))
      return { ...f, img, truth, decodeMs: 0 }
    })
  )
}

/** The fields with every pixel value multiplied by `factor` (a dimmer or brighter lamp). */
function exposed(fields: Field[], factor: number): Field[] {
  return fields.map((f) => ({
    ...f,
    img: { ...f.img, data: f.img.data.map((v) => Math.min(255, Math.round(v * factor))) },
    decodeMs: 0
  }))
}

/** Every combination of the grid's values. */
function gridSettings(): Record<GridKey, number>[] {
  let out: Record<string, number>[] = [{}]
  for (const [key, values] of Object.entries(GRID))
    out = out.flatMap((s) => values.map((v) => ({ ...s, [key]: v })))
  return out as Record<GridKey, number>[]
}

/** Grid steps from the default: the tie-break, so that a tie keeps the prior choice. */
function stepsFromDefault(s: Record<GridKey, number>): number {
  return (Object.keys(GRID) as GridKey[]).reduce((sum, k) => {
    const values = GRID[k] as readonly number[]
    return sum + Math.abs(values.indexOf(s[k]) - values.indexOf(DEFAULT_FINDER_OPTIONS[k]))
  }, 0)
}

function crossValidate(halves: [string, Field[]][]): void {
  const settings = gridSettings()
  const table = halves.map(([, fields]) => settings.map((s) => score(fields, { ...OPTIONS, ...s })))
  const pooled: Counts = { tp: 0, fp: 0, fn: 0 }
  halves.forEach(([tuneLabel], t) => {
    const e = 1 - t
    let best = 0
    for (let i = 1; i < settings.length; i++) {
      const d = f1(table[t][i]) - f1(table[t][best])
      if (
        d > 1e-12 ||
        (Math.abs(d) <= 1e-12 && stepsFromDefault(settings[i]) < stepsFromDefault(settings[best]))
      )
        best = i
    }
    const c = table[e][best]
    pooled.tp += c.tp
    pooled.fp += c.fp
    pooled.fn += c.fn
    console.log(
      `  chosen on ${tuneLabel.padEnd(8)} ${JSON.stringify(settings[best])} (there F1 ${f1(table[t][best]).toFixed(3)})` +
        ` → ${halves[e][0]}: ${figures(c)}`
    )
  })
  console.log(`2-fold CV (settings chosen on the other half), pooled: ${figures(pooled)}`)
}

const { dev, heldOut } = bccdHalves(ROOT)
console.log(
  `BCCD fields at ${ROOT}: development = first ${dev.length} by image number, held out = last ${heldOut.length}`
)
const devFields = SPLIT !== 'held-out' ? await load(dev) : []
const heldFields = SPLIT !== 'dev' ? await load(heldOut) : []
if (SPLIT !== 'held-out') evaluate('dev', devFields)
if (SPLIT !== 'dev') evaluate('held-out', heldFields)
for (const factor of SCALES) {
  if (SPLIT !== 'held-out') evaluate(`dev ×${factor}`, await resized(devFields, factor))
  if (SPLIT !== 'dev') evaluate(`held ×${factor}`, await resized(heldFields, factor))
}
for (const factor of EXPOSURES) {
  if (SPLIT !== 'held-out') evaluate(`dev exposure ×${factor}`, exposed(devFields, factor))
  if (SPLIT !== 'dev') evaluate(`held exposure ×${factor}`, exposed(heldFields, factor))
}
if (CV) {
  console.log(
    `2-fold cross-validation by halves over ${gridSettings().length} settings of ${Object.keys(GRID).join(', ')}:`
  )
  crossValidate([
    ['dev', devFields],
    ['held-out', heldFields]
  ])
}
