/**
 * The white-cell finder on the BCCD fields: recall and precision at IoU ≥ 0.5 against the VOC WBC boxes, and
 * speed. The 255 fields are split by image number: the first half (development: the one looked at and tuned
 * on) and the second half (held out: only evaluated). Both are printed, separately.
 *
 *   npm run bench:cells                        # both halves
 *   BENCH_CELLS_SPLIT=dev|held-out npm run bench:cells
 *   BENCH_CELLS_MISSES=1                       # also list each miss and false positive
 *   BENCH_CELLS_OPTIONS='{"lobeGapUm":3}'     # finder options (try them on the development half only)
 *
 * Speed: "find" is the finder alone on decoded pixels (decoding done beforehand); "decode+find" includes the
 * JPEG decode. One process, one thread. On these shared 2-core machines other work competes for the CPU:
 * compare figures from the same run.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { matchBoxes, vocBoxes } from '../src/main/core/cells/boxes'
import { decodeField } from '../src/main/core/cells/field-file'
import { findCells, type CellFinderOptions } from '../src/main/core/cells/find'
import { bccdHalves } from './bccd'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
const ROOT = join(SHARED, 'data/bccd-fields')
const SPLIT = process.env.BENCH_CELLS_SPLIT ?? 'both'
const MISSES = process.env.BENCH_CELLS_MISSES === '1'
/** Finder options as JSON, for trying settings on the development half, e.g. '{"lobeGapUm":3}'. */
const OPTIONS = JSON.parse(process.env.BENCH_CELLS_OPTIONS ?? '{}') as CellFinderOptions

async function evaluate(label: string, names: string[]): Promise<void> {
  let tp = 0
  let fp = 0
  let fn = 0
  let findMs = 0
  let totalMs = 0
  for (const name of names) {
    const t0 = performance.now()
    const { img } = await decodeField(join(ROOT, 'JPEGImages', name))
    const t1 = performance.now()
    const found = findCells(img, OPTIONS).cells
    const t2 = performance.now()
    findMs += t2 - t1
    totalMs += t2 - t0
    const truth = vocBoxes(
      readFileSync(join(ROOT, 'Annotations', name.replace(/\.jpg$/, '.xml')), 'utf8'),
      'WBC'
    )
    const m = matchBoxes(found, truth)
    tp += m.truePositives
    fp += m.falsePositives
    fn += m.falseNegatives
    if (MISSES && (m.falsePositives || m.falseNegatives)) {
      const fmt = (b: { x: number; y: number; width: number; height: number }): string =>
        `${b.x},${b.y} ${b.width}×${b.height}`
      console.log(
        `  ${name}: missed [${m.unmatchedTruth.map((i) => fmt(truth[i])).join('; ')}] extra [${m.unmatchedFound
          .map((i) => fmt(found[i]))
          .join('; ')}] found [${found.map(fmt).join('; ')}]`
      )
    }
  }
  const recall = tp / (tp + fn)
  const precision = tp / (tp + fp)
  console.log(
    `${label.padEnd(9)} fields ${String(names.length).padStart(3)}  WBC ${tp + fn}  found ${tp + fp}  ` +
      `recall ${recall.toFixed(3)}  precision ${precision.toFixed(3)}  ` +
      `find ${((names.length * 1000) / findMs).toFixed(1)} fields/s  decode+find ${((names.length * 1000) / totalMs).toFixed(1)} fields/s`
  )
}

const { dev, heldOut } = bccdHalves(ROOT)
console.log(
  `BCCD fields at ${ROOT}: development = first ${dev.length} by image number, held out = last ${heldOut.length}`
)
if (SPLIT !== 'held-out') await evaluate('dev', dev)
if (SPLIT !== 'dev') await evaluate('held-out', heldOut)
