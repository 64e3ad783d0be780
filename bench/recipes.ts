/**
 * Which split, head recipe, decision rule and OOD detector Leukolens uses by default, measured on real cells.
 *
 * The shared ImageNet MobileNetV2 on ../shared/data/aria-all (Benign → HEM, Early/Pre/Pro → ALL), features
 * extracted once into a data folder (LEUKOLENS_BENCH_DIR, default /tmp/leukolens-bench-recipes; reused between
 * runs). Three parts, each printed as a table:
 *  1. block size: 1-nearest-neighbour validation accuracy on block splits (6 split seeds) as the block grows,
 *     beside a control (an image-by-image split with the same per-class split sizes). Image-level splits leak
 *     neighbouring cells of one patient; where the block split falls below its control, blocks remove a leak.
 *     The default is the smallest size past which accuracy stops falling.
 *  2. recipes under the default block split (3 split seeds): published head vs class-weight balanced vs flip
 *     features vs both, each with arg-max and the validation-chosen (max balanced accuracy) threshold; test
 *     accuracy, balanced accuracy, ECE after temperature scaling, and the review flag chosen on validation
 *     (90% of errors) applied to test.
 *  3. OOD: Mahalanobis (class Gaussians, Ledoit–Wolf) vs k-th nearest neighbour, fitted on training features,
 *     threshold at the 99th percentile of validation scores; share marked unfamiliar on Aria validation/test,
 *     the 13 C-NMC sample cells and the 255 BCCD whole fields.
 * Run: `npm run bench:recipes` (LEUKOLENS_SHARED for another shared folder; BENCH_SEEDS=1,2,3 for part 2;
 * BENCH_PART=1|2 for one part; BENCH_BLOCKS=… sizes of part 1; BENCH_BLOCK=N the block size of part 2).
 * Slow on 2 shared cores (part 2 trains 12 heads): about an hour.
 */
import { predictProbabilities } from '../src/main/core/engine/head/head'
import { decide, metricsOf, thresholdOnValidation } from '../src/main/core/engine/metrics/evaluate'
import { tf } from '../src/main/core/engine/tf'
import { PUBLISHED_HYPERPARAMETERS, trainHead } from '../src/main/core/engine/training/train-head'
import { assignSplits, type SplitItem } from '../src/main/core/splits/assign'
import { mulberry32, shuffleInPlace } from '../src/main/core/splits/random'
import { DEFAULT_BLOCK_SIZE } from '../src/main/core/splits/blocks'
import { calibrationOf } from '../src/main/core/trust/calibration'
import { buildKnnReference, compactKnnReference } from '../src/main/core/trust/knn'
import { oodBytes } from '../src/main/core/trust/ood-files'
import { colourReason, colourStatsOfFiles, evenSample, fitColourProfile } from '../src/main/core/trust/colour'
import { decodeImageFile } from '../src/main/core/images/decode'
import { quantile, type FlagRule } from '../src/main/core/trust/operating-point'
import {
  calibrateRows,
  fitOodDetector,
  fitTrust,
  oodScores,
  type OodDetector,
  type OodMethod,
  KNN_K,
  OOD_QUANTILE
} from '../src/main/core/trust/profile'
import type { OperatingThreshold, TrainHyperparameters } from '../src/shared/types/training'
import { CLASSES, pool, prepare, setOf, type Pool, type PoolItem } from './recipe-data'

const SEEDS = (process.env.BENCH_SEEDS ?? '1,2,3').split(',').map(Number)
/** BENCH_RECIPE='balanced + flip' trains only that recipe in part 2 (e.g. to compare flag rules quickly). */
const ONLY_RECIPE = process.env.BENCH_RECIPE
const RANKS = (process.env.BENCH_RANKS ?? '32,64,128,256').split(',').map(Number)
const BLOCK_SIZES = (process.env.BENCH_BLOCKS ?? '1,5,10,20,40,60,80,100,120,160').split(',').map(Number)

function splitPool(p: Pool, seed: number, blockSize: number): Record<'train' | 'val' | 'test', PoolItem[]> {
  const labelled = p.items.filter((i) => i.label)
  const a = assignSplits(labelled, {
    ratios: [70, 15, 15],
    seed,
    by: blockSize > 1 ? 'subject' : 'image',
    blockSize
  })
  return {
    train: labelled.filter((i) => a.get(i.imageId) === 'train'),
    val: labelled.filter((i) => a.get(i.imageId) === 'val'),
    test: labelled.filter((i) => a.get(i.imageId) === 'test')
  }
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
const sd = (xs: number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)))
const pct = (xs: number[]): string => `${(100 * mean(xs)).toFixed(1)} ± ${(100 * sd(xs)).toFixed(1)}`
const num = (xs: number[]): string => `${mean(xs).toFixed(3)} ± ${sd(xs).toFixed(3)}`

/**
 * Nearest-neighbour (cosine) validation accuracy: the classifier that profits most from a near-copy of a validation
 * cell in training, so the leak shows most plainly, and cheap enough for many split seeds. The published head's own
 * numbers on image vs block splits are in part 2's first rows.
 */
function nearestNeighbourAccuracy(
  p: Pool,
  s: Record<'train' | 'val' | 'test', SplitItem[]>
): { acc: number; bal: number } {
  const ref = buildKnnReference(setOf(p, s.train, false).features, p.dim, 1)
  const trainLabels = s.train.map((i) => i.label)
  const right = { ALL: [0, 0], HEM: [0, 0] } as Record<string, [number, number]>
  for (const it of s.val) {
    const v = p.plain.get(it.key)!
    let best = -Infinity
    let label = ''
    const q = new Float32Array(p.dim)
    let norm = 0
    for (let i = 0; i < p.dim; i++) norm += v[i] * v[i]
    for (let i = 0; i < p.dim; i++) q[i] = v[i] / Math.sqrt(norm)
    for (let r = 0; r < trainLabels.length; r++) {
      let dot = 0
      for (let i = 0; i < p.dim; i++) dot += ref.rows[r * p.dim + i] * q[i]
      if (dot > best) {
        best = dot
        label = trainLabels[r]
      }
    }
    right[it.label!][1]++
    if (label === it.label) right[it.label!][0]++
  }
  const acc = (right.ALL[0] + right.HEM[0]) / s.val.length
  return { acc, bal: (right.ALL[0] / right.ALL[1] + right.HEM[0] / right.HEM[1]) / 2 }
}

/**
 * The control: an image-by-image split with exactly the block split's per-class counts in each split. Large blocks
 * also change how many images of each class land in train/val/test (HEM has only 378 images); if accuracy fell
 * only because of that, the control would fall with it. If it stays high, the blocks' drop is the leak.
 */
function sameSizesByImage(
  p: Pool,
  s: Record<'train' | 'val' | 'test', SplitItem[]>,
  seed: number
): Record<'train' | 'val' | 'test', SplitItem[]> {
  const out = { train: [] as SplitItem[], val: [] as SplitItem[], test: [] as SplitItem[] }
  const rng = mulberry32(seed + 1000)
  for (const label of CLASSES) {
    const all = shuffleInPlace(
      p.items.filter((i) => i.label === label),
      rng
    )
    let at = 0
    for (const name of ['train', 'val', 'test'] as const) {
      const n = s[name].filter((i) => i.label === label).length
      out[name].push(...all.slice(at, at + n))
      at += n
    }
  }
  return out
}

function blockSizes(p: Pool): void {
  const seeds = [1, 2, 3, 4, 5, 6]
  console.log(
    `\n1. block size: 1-nearest-neighbour validation accuracy (mean ± sd over split seeds ${seeds.join(',')})`
  )
  console.log(
    '| block size | val accuracy % | val balanced accuracy | control (by image, same split sizes): accuracy % | balanced |'
  )
  console.log('| --- | --- | --- | --- | --- |')
  for (const size of BLOCK_SIZES) {
    const acc: number[] = []
    const bal: number[] = []
    const cAcc: number[] = []
    const cBal: number[] = []
    for (const seed of seeds) {
      const split = splitPool(p, seed, size)
      const r = nearestNeighbourAccuracy(p, split)
      acc.push(r.acc)
      bal.push(r.bal)
      if (size > 1) {
        const c = nearestNeighbourAccuracy(p, sameSizesByImage(p, split, seed))
        cAcc.push(c.acc)
        cBal.push(c.bal)
      }
    }
    const control = size > 1 ? `${pct(cAcc)} | ${num(cBal)}` : '— | —'
    console.log(`| ${size === 1 ? '1 (by image)' : size} | ${pct(acc)} | ${num(bal)} | ${control} |`)
  }
}

interface RecipeRow {
  acc: number[]
  bal: number[]
  ece: number[]
  eceRaw: number[]
  caught: number[]
  workload: number[]
}

async function recipes(p: Pool, blockSize: number, cnmc: Pool, bccd: Pool): Promise<void> {
  const variants = (
    [
      ['published', {}],
      ['balanced', { classWeight: 'balanced' }],
      ['flip', { flip: true }],
      ['balanced + flip', { classWeight: 'balanced', flip: true }]
    ] as [string, Partial<TrainHyperparameters>][]
  ).filter(([name]) => !ONLY_RECIPE || name === ONLY_RECIPE)
  const rows = new Map<string, RecipeRow>()
  const ood = new Map<string, number[]>()
  const add = (map: Map<string, number[]>, key: string, v: number): void =>
    void (map.get(key) ?? map.set(key, []).get(key)!).push(v)
  for (const seed of SEEDS) {
    const s = splitPool(p, seed, blockSize)
    const val = setOf(p, s.val, false)
    const test = setOf(p, s.test, false)
    const trainPlain = setOf(p, s.train, false)
    const detectors = new Map<OodMethod, OodDetector>()
    for (const [name, hyper] of variants) {
      const h = { ...PUBLISHED_HYPERPARAMETERS, ...hyper }
      const r = await trainHead({ train: setOf(p, s.train, Boolean(h.flip)), val, classCount: 2, hyper: h })
      process.stderr.write(`seed ${seed}: ${name} trained (${r.history.length} epochs)\n`)
      const valProbs = predictProbabilities(r.model, val.features, val.featureDim)
      const testProbs = predictProbabilities(r.model, test.features, test.featureDim)
      r.model.dispose()
      for (const rule of ['arg-max', 'val threshold'] as const) {
        for (const [method, flagRule] of [
          ['mahalanobis', 'errors'],
          ['knn', 'errors'],
          ['knn', 'expected']
        ] as [OodMethod, FlagRule][]) {
          if (method === 'knn' && (rule === 'arg-max' || name !== 'balanced + flip')) continue
          const detector =
            detectors.get(method) ??
            detectors
              .set(method, fitOodDetector(method, trainPlain.features, trainPlain.labels, p.dim, 2))
              .get(method)!
          const valScores = oodScores(detector, val.features, p.dim)
          let threshold: OperatingThreshold | null = null
          const fitted = fitTrust({
            valProbs,
            valLabels: val.labels,
            k: 2,
            decideRows: (c) => {
              threshold = rule === 'arg-max' ? null : thresholdOnValidation(c, val.labels, CLASSES)
              return decide(c, CLASSES, threshold)
            },
            method,
            valScores,
            dim: p.dim,
            flagRule
          })
          const t = fitted.summary
          const testCal = calibrateRows(testProbs, 2, t.temperature)
          const testDecided = decide(testCal, CLASSES, threshold)
          const conf = Array.from(testDecided, (c, i) => testCal[i * 2 + c])
          const correct = Array.from(testDecided, (c, i) => c === test.labels[i])
          const rawDecided = decide(testProbs, CLASSES, threshold)
          const testScores = oodScores(detector, test.features, p.dim)
          const unfamiliar = Array.from(testScores, (x) => x > t.ood.threshold)
          const flagged = conf.map((c, i) => unfamiliar[i] || c < t.flag.threshold)
          const wrong = correct.filter((c) => !c).length
          const key = `${name} | ${rule}${method === 'knn' ? ` | kNN OOD, flag from ${flagRule === 'errors' ? 'validation errors' : 'expected errors'}` : ''}`
          const row = rows.get(key) ?? { acc: [], bal: [], ece: [], eceRaw: [], caught: [], workload: [] }
          const m = metricsOf(testCal, test.labels, CLASSES, threshold)
          row.acc.push(m.accuracy)
          row.bal.push(m.balancedAccuracy)
          row.ece.push(calibrationOf(conf, correct).ece)
          row.eceRaw.push(
            calibrationOf(
              Array.from(rawDecided, (c, i) => testProbs[i * 2 + c]),
              Array.from(rawDecided, (c, i) => c === test.labels[i])
            ).ece
          )
          row.caught.push(wrong ? flagged.filter((f, i) => f && !correct[i]).length / wrong : 1)
          row.workload.push(flagged.filter(Boolean).length / flagged.length)
          rows.set(key, row)
          if (name === 'balanced + flip' && rule === 'val threshold' && flagRule === 'errors') {
            const share = (scores: Float64Array): number =>
              scores.filter((x) => x > t.ood.threshold).length / scores.length
            add(ood, `${method} | aria val`, share(valScores))
            add(ood, `${method} | aria test`, share(testScores))
            const c = setOf(cnmc, cnmc.items, false)
            const b = setOf(bccd, bccd.items, false)
            add(ood, `${method} | C-NMC cells (13)`, share(oodScores(detector, c.features, p.dim)))
            add(ood, `${method} | BCCD fields (255)`, share(oodScores(detector, b.features, p.dim)))
          }
        }
      }
    }
  }
  console.log(
    `\n2. recipes on the block split (block ${blockSize}; test split, mean ± sd over split seeds ${SEEDS.join(',')})`
  )
  console.log(
    '| recipe | rule | test accuracy % | balanced accuracy | ECE raw | ECE calibrated | errors flagged % | images flagged % |'
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const [key, r] of rows)
    console.log(
      `| ${key} | ${pct(r.acc)} | ${num(r.bal)} | ${num(r.eceRaw)} | ${num(r.ece)} | ${pct(r.caught)} | ${pct(r.workload)} |`
    )
  console.log(
    '\n3. share marked unfamiliar (balanced + flip head, threshold = 99th percentile of validation scores)'
  )
  console.log('| detector | images | unfamiliar % |')
  console.log('| --- | --- | --- |')
  for (const [key, v] of ood) console.log(`| ${key} | ${pct(v)} |`)
}

/**
 * Part 3 on its own (no head is trained): both detectors fitted on the training split's features of the default
 * block split, threshold at the 99th percentile of validation scores, share marked unfamiliar per image set.
 */
async function oodDetectors(p: Pool, blockSize: number, cnmc: Pool, bccd: Pool): Promise<void> {
  const shares = new Map<string, number[]>()
  const add = (key: string, v: number): void =>
    void (shares.get(key) ?? shares.set(key, []).get(key)!).push(v)
  for (const seed of SEEDS) {
    const s = splitPool(p, seed, blockSize)
    const train = setOf(p, s.train, false)
    const sets: [string, Float32Array][] = [
      ['aria val', setOf(p, s.val, false).features],
      ['aria test', setOf(p, s.test, false).features],
      [`C-NMC cells (${cnmc.items.length})`, setOf(cnmc, cnmc.items, false).features],
      [`BCCD fields (${bccd.items.length})`, setOf(bccd, bccd.items, false).features]
    ]
    // All training rows at full size (what fitOodDetector kept before the compact form).
    const full: OodDetector = { method: 'knn', reference: buildKnnReference(train.features, p.dim, KNN_K) }
    const variants: [string, () => OodDetector][] = [
      ['mahalanobis', () => fitOodDetector('mahalanobis', train.features, train.labels, p.dim, 2)],
      ['knn (all rows)', () => full],
      ...RANKS.map((r): [string, () => OodDetector] => [
        `knn compact, ${r} directions`,
        () => ({ method: 'knn', reference: compactKnnReference(full.reference, r) })
      ])
    ]
    for (const [method, fit] of variants) {
      const t0 = performance.now()
      const d = fit()
      add(`${method} | fit seconds`, (performance.now() - t0) / 1000)
      add(`${method} | stored MB`, oodBytes(d).byteLength / 1e6)
      const cut = quantile(oodScores(d, sets[0][1], p.dim), OOD_QUANTILE)
      for (const [name, f] of sets) {
        const sc = oodScores(d, f, p.dim)
        add(`${method} | ${name}`, sc.filter((x) => x > cut).length / sc.length)
      }
      process.stderr.write(`seed ${seed}: ${method} done\n`)
    }
    // The colour check on its own: reference from (a sample of) training images, threshold from validation.
    const colourOf = (items: PoolItem[]): Promise<Float64Array[]> =>
      colourStatsOfFiles(evenSample(items.map((i) => i.file)), decodeImageFile)
    const colour = fitColourProfile(await colourOf(s.train), await colourOf(s.val))!
    const colourSets: [string, PoolItem[]][] = [
      ['aria val', s.val],
      ['aria test', s.test],
      [`C-NMC cells (${cnmc.items.length})`, cnmc.items],
      [`BCCD fields (${bccd.items.length})`, bccd.items]
    ]
    for (const [name, items] of colourSets) {
      const stats = await colourStatsOfFiles(
        items.map((i) => i.file),
        decodeImageFile
      )
      add(`colour check | ${name}`, stats.filter((x) => colourReason(colour, x)).length / stats.length)
    }
  }
  console.log(
    `\n3. unfamiliar share, detectors on training features (block ${blockSize}; mean ± sd over split seeds ${SEEDS.join(',')}); threshold: 99th percentile of validation`
  )
  console.log('| detector | images | unfamiliar % (or seconds, MB) |')
  console.log('| --- | --- | --- |')
  for (const [key, v] of shares) console.log(`| ${key} | ${/seconds|MB/.test(key) ? num(v) : pct(v)} |`)
}

async function main(): Promise<void> {
  const { db, store } = await prepare()
  const before = tf.memory().numTensors
  const aria = await pool(db, store, 'aria')
  const blockSize = Number(process.env.BENCH_BLOCK ?? DEFAULT_BLOCK_SIZE)
  const part = process.env.BENCH_PART
  if (!part || part === '1') blockSizes(aria)
  if (!part || part === '2')
    await recipes(aria, blockSize, await pool(db, store, 'cnmc'), await pool(db, store, 'bccd'))
  if (part === '3')
    await oodDetectors(aria, blockSize, await pool(db, store, 'cnmc'), await pool(db, store, 'bccd'))
  console.log(`\ntensors leaked: ${tf.memory().numTensors - before}`)
  db.close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
