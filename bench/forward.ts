/**
 * Which recipe carries over to later patients: every candidate trained on the oldest 70% of each Aria folder,
 * its threshold, temperature, review flag and detector chosen on the next 15% (validation), scored on the newest
 * 15% (test) — the forward split that `import` makes by default (splits/forward.ts). Beside it, the same
 * recipes on random blocks of 100 (3 seeds), to show how much the block split flatters.
 *
 * Candidates: the published head, the `balanced-flip` head (3 training seeds), the class-balanced L2 logistic
 * regression on standardised features with flipped copies at several strengths, test-time augmentation (the
 * mean of the plain and flipped image's probabilities: the flipped features are stored) and a two-model ensemble
 * (head + logistic, probabilities averaged). Each row: validation balanced accuracy, test accuracy, balanced
 * accuracy and ROC AUC, the default review flag on test (errors caught, images flagged), and the errors that the
 * 15% of test images nearest the threshold hold (how well "near the threshold" ranks the errors).
 *
 * Run: `nice npm run bench:forward` (BENCH_L2=0.001,0.01 strengths; BENCH_BLOCKS_SEEDS=1,2,3; BENCH_HEAD_SEEDS).
 */
import { predictProbabilities } from '../src/main/core/engine/head/head'
import { metricsOf, positiveClassIndex } from '../src/main/core/engine/metrics/evaluate'
import { tf } from '../src/main/core/engine/tf'
import { PUBLISHED_HYPERPARAMETERS, trainHead } from '../src/main/core/engine/training/train-head'
import { linearHeadConfig, trainLinearHead } from '../src/main/core/engine/training/linear-head'
import { assignSplits } from '../src/main/core/splits/assign'
import { fitModelTrust } from '../src/main/core/trust/model-trust'
import type { TrainHyperparameters } from '../src/shared/types/training'
import { CLASSES, pool, prepare, setOf, type Pool, type PoolItem } from './recipe-data'

const L2 = (process.env.BENCH_L2 ?? '0.001,0.003,0.01,0.03,0.1').split(',').map(Number)
const BLOCK_SEEDS = (process.env.BENCH_BLOCKS_SEEDS ?? '1,2,3').split(',').filter(Boolean).map(Number)
const HEAD_SEEDS = (process.env.BENCH_HEAD_SEEDS ?? '42,1,2').split(',').map(Number)
/** Stronger weight decay on the head's hidden layer (the published head has 1e-4): BENCH_HEAD_L2=0.001,0.01. */
const HEAD_L2 = (process.env.BENCH_HEAD_L2 ?? '0.001,0.01').split(',').filter(Boolean).map(Number)
/** BENCH_ONLY=head-l2 runs only those rows (they were added after the first run). */
const ONLY = process.env.BENCH_ONLY

type Parts = Record<'train' | 'val' | 'test', PoolItem[]>

function split(p: Pool, rule: 'forward' | 'blocks', seed = 42): Parts {
  const labelled = p.items.filter((i) => i.label)
  const a = assignSplits(labelled, { ratios: [70, 15, 15], seed, by: 'subject', rule, blockSize: 100 })
  const of = (s: string): PoolItem[] => labelled.filter((i) => a.get(i.imageId) === s)
  return { train: of('train'), val: of('val'), test: of('test') }
}

interface Probs {
  val: Float32Array
  test: Float32Array
}

/** Mean of two probability matrices (test-time augmentation, or an ensemble). */
const meanOf = (a: Float32Array, b: Float32Array): Float32Array => a.map((v, i) => (v + b[i]) / 2)

async function fit(p: Pool, s: Parts, hyper: TrainHyperparameters): Promise<Probs & { flipped: Probs }> {
  const train = setOf(p, s.train, hyper.flip)
  const val = setOf(p, s.val, false)
  const r = await (hyper.linear ? trainLinearHead : trainHead)({ train, val, classCount: 2, hyper })
  const run = (items: PoolItem[], flip: boolean): Float32Array => {
    const set = setOf(p, items, false)
    const f = flip ? flipOnly(p, items) : set.features
    return predictProbabilities(r.model, f, set.featureDim)
  }
  const out = {
    val: run(s.val, false),
    test: run(s.test, false),
    flipped: { val: run(s.val, true), test: run(s.test, true) }
  }
  r.model.dispose()
  return out
}

function flipOnly(p: Pool, items: PoolItem[]): Float32Array {
  const out = new Float32Array(items.length * p.dim)
  items.forEach((it, r) => out.set(p.flip.get(it.key)!, r * p.dim))
  return out
}

interface Row {
  valBal: number
  acc: number
  bal: number
  auc: number
  caught: number
  flagged: number
  band: number
}

/** Everything `train` would do after the head: trust on validation, metrics and flag on test. */
function score(p: Pool, s: Parts, probs: Probs): Row {
  const train = setOf(p, s.train, false)
  const val = setOf(p, s.val, false)
  const test = setOf(p, s.test, false)
  const fitted = fitModelTrust({
    classes: CLASSES,
    train,
    val: { ...val, probs: probs.val },
    test: { ...test, probs: probs.test },
    images: { formats: ['jpeg'], width: { min: 224, max: 224 }, height: { min: 224, max: 224 } }
  })
  const m = metricsOf(fitted.testCalibrated, test.labels, CLASSES, fitted.threshold, { withRoc: false })
  const mv = metricsOf(fitted.valCalibrated, val.labels, CLASSES, fitted.threshold)
  // Rank test images by distance to the threshold (in logits) and count errors among the nearest 15%.
  const pos = positiveClassIndex(CLASSES)
  const t = fitted.threshold!.value
  const logit = (q: number): number => Math.log(Math.max(q, 1e-9) / Math.max(1 - q, 1e-9))
  const n = test.labels.length
  const rows = Array.from({ length: n }, (_, i) => {
    const q = fitted.testCalibrated[i * 2 + pos]
    const predicted = q >= t ? pos : 1 - pos
    return { d: Math.abs(logit(q) - logit(t)), wrong: predicted !== test.labels[i] }
  }).sort((a, b) => a.d - b.d)
  const wrong = rows.filter((r) => r.wrong).length
  const near = rows.slice(0, Math.round(0.15 * n)).filter((r) => r.wrong).length
  return {
    valBal: mv.balancedAccuracy,
    acc: m.accuracy,
    bal: m.balancedAccuracy,
    auc: m.rocAuc ?? NaN,
    caught: fitted.trust.testFlag?.errorsFlagged ?? NaN,
    flagged: fitted.trust.testFlag?.workload ?? NaN,
    band: wrong ? near / wrong : 1
  }
}

const f3 = (x: number): string => x.toFixed(3)
const pc = (x: number): string => (100 * x).toFixed(1)
function print(name: string, rows: Row[]): void {
  const mean = (k: keyof Row): number => rows.reduce((a, r) => a + r[k], 0) / rows.length
  const sd = (k: keyof Row): number =>
    Math.sqrt(rows.reduce((a, r) => a + (r[k] - mean(k)) ** 2, 0) / rows.length)
  const cell = (k: keyof Row, fmt: (x: number) => string): string =>
    rows.length > 1 ? `${fmt(mean(k))} ± ${fmt(sd(k))}` : fmt(mean(k))
  console.log(
    `| ${name} | ${cell('valBal', f3)} | ${cell('acc', pc)} | ${cell('bal', f3)} | ${cell('auc', f3)} | ${cell('caught', pc)} | ${cell('flagged', pc)} | ${cell('band', pc)} |`
  )
}

async function main(): Promise<void> {
  const { db, store } = await prepare()
  const before = tf.memory().numTensors
  const aria = await pool(db, store, 'aria')
  const P = PUBLISHED_HYPERPARAMETERS
  const head = (seed: number): TrainHyperparameters => ({ ...P, classWeight: 'balanced', flip: true, seed })
  const logistic = (l2: number): TrainHyperparameters => ({
    ...P,
    classWeight: 'balanced',
    flip: true,
    head: linearHeadConfig(2),
    linear: { l2 }
  })
  const header =
    '| recipe | val balanced acc. | test accuracy % | test balanced acc. | test ROC AUC | test errors flagged % | test images flagged % | errors in the 15% nearest the threshold % |'
  const rule = '| --- | --- | --- | --- | --- | --- | --- | --- |'

  const fwd = split(aria, 'forward')
  console.log(
    `\nforward split: train/val/test ${fwd.train.length}/${fwd.val.length}/${fwd.test.length} (newest 15% of each folder in test)`
  )
  console.log(header)
  console.log(rule)
  for (const l2 of HEAD_L2) {
    const rows: Row[] = []
    for (const seed of HEAD_SEEDS)
      rows.push(score(aria, fwd, await fit(aria, fwd, { ...head(seed), head: { ...P.head, l2 } })))
    print(`balanced-flip head, hidden-layer L2 ${l2} (seeds ${HEAD_SEEDS.join(',')})`, rows)
  }
  if (ONLY === 'head-l2') return
  print('published', [score(aria, fwd, await fit(aria, fwd, P))])
  const heads = []
  for (const seed of HEAD_SEEDS) heads.push(await fit(aria, fwd, head(seed)))
  print(
    `balanced-flip head (seeds ${HEAD_SEEDS.join(',')})`,
    heads.map((h) => score(aria, fwd, h))
  )
  print(
    'balanced-flip head + TTA (flip)',
    heads.map((h) =>
      score(aria, fwd, { val: meanOf(h.val, h.flipped.val), test: meanOf(h.test, h.flipped.test) })
    )
  )
  for (const l2 of L2) {
    const g = await fit(aria, fwd, logistic(l2))
    process.stderr.write(`logistic ${l2} fitted\n`)
    print(`logistic, L2 ${l2}`, [score(aria, fwd, g)])
    print(`logistic, L2 ${l2} + TTA (flip)`, [
      score(aria, fwd, { val: meanOf(g.val, g.flipped.val), test: meanOf(g.test, g.flipped.test) })
    ])
    print(`logistic, L2 ${l2} + balanced-flip head (ensemble, seed 42)`, [
      score(aria, fwd, { val: meanOf(g.val, heads[0].val), test: meanOf(g.test, heads[0].test) })
    ])
  }

  if (BLOCK_SEEDS.length) {
    console.log(`\nrandom blocks of 100 (split seeds ${BLOCK_SEEDS.join(',')}), the same recipes`)
    console.log(header)
    console.log(rule)
    const parts = BLOCK_SEEDS.map((seed) => split(aria, 'blocks', seed))
    const rows = async (h: TrainHyperparameters): Promise<Row[]> => {
      const out: Row[] = []
      for (const s of parts) out.push(score(aria, s, await fit(aria, s, h)))
      return out
    }
    print('balanced-flip head (seed 42)', await rows(head(42)))
    for (const l2 of L2) print(`logistic, L2 ${l2}`, await rows(logistic(l2)))
  }
  console.log(`\ntensors leaked: ${tf.memory().numTensors - before}`)
  db.close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
