/**
 * `npm run bench:stored-explain` — what Grad-CAM can be computed from when the scanned file is not on this
 * workstation, on real cells with a real trained model. Prints measurements only.
 *
 * A model is trained the engine's way (the shared MobileNetV2 backbone, the default recipe) on Aria cells; then
 * C-NMC cells (450×450 BMP), held-out Aria cells (224×224 JPEG) and the cells found in BCCD fields (a field scan's
 * crops) are scanned, which stores each predicted cell's 96-px thumbnail. For every predicted cell, Grad-CAM of the
 * stored class is computed from the original file and from each candidate stored copy:
 *   thumb96         the stored thumbnail (JPEG q80, longer side 96), upscaled by the model's own resize;
 *   input-*         the model input before normalisation (the cell resized to the backbone's side, as the scan
 *                   resized it), encoded as PNG (lossless), JPEG q90 / q75, WebP lossless / q90.
 * Per copy: bytes per cell; |Δp|, the calibrated probability of the stored class on the copy against the stored
 * prediction (mean, max); how many decisions differ; the Pearson correlation of the 7×7 CAM with the original's
 * (mean, min); how often the peak cell is the same.
 *
 * Env: BENCH_ARIA_TEST (held-out Aria cells, default 60), BENCH_FIELDS (BCCD fields, default 25).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { thumbnailOfPath } from '../src/main/core/db/queries/blobs'
import { openFeatureMapSource } from '../src/main/core/explain/feature-map-source'
import { gradCam, headLogits, argmax2d } from '../src/main/core/explain/gradcam'
import { decodeImageFile } from '../src/main/core/images/decode'
import { preprocessImage, resizeRgb, type RgbPixels } from '../src/main/core/images/preprocess'
import { decide } from '../src/main/core/scan/decide'
import { loadScanModel } from '../src/main/core/scan/model'
import { queryHistory } from '../src/main/core/scan/history'
import { applyTemperature } from '../src/main/core/trust/temperature'
import { engineConfig } from '../src/main/services/settings'
import type { HistoryRow } from '../src/shared/types/scan'
import { serviceHarness } from '../tests/helpers/services'

const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? join(import.meta.dirname, '../../shared'))
const ARIA_TEST = Number(process.env.BENCH_ARIA_TEST ?? 60)
const FIELDS = Number(process.env.BENCH_FIELDS ?? 25)
const ARIA = join(SHARED, 'data/aria-all')
const CLASSES = ['Benign', 'Early', 'Pre', 'Pro']

const sortedFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f))

function copyInto(dir: string, files: string[]): void {
  mkdirSync(dir, { recursive: true })
  for (const f of files) copyFileSync(f, join(dir, f.split('/').pop()!))
}

type Encode = (px: RgbPixels) => Promise<Buffer>
const raw = (px: RgbPixels) =>
  sharp(Buffer.from(px.data.buffer, px.data.byteOffset, px.data.byteLength), {
    raw: { width: px.width, height: px.height, channels: 3 }
  })
const ENCODINGS: Record<string, Encode> = {
  'input-png': (px) => raw(px).png({ compressionLevel: 9 }).toBuffer(),
  'input-webp-lossless': (px) => raw(px).webp({ lossless: true }).toBuffer(),
  'input-jpeg90': (px) => raw(px).jpeg({ quality: 90 }).toBuffer(),
  'input-jpeg75': (px) => raw(px).jpeg({ quality: 75 }).toBuffer(),
  'input-webp90': (px) => raw(px).webp({ quality: 90 }).toBuffer()
}

async function decodeAny(bytes: Buffer): Promise<RgbPixels> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data), width: info.width, height: info.height }
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i] / n
    mb += b[i] / n
  }
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb)
    aa += (a[i] - ma) ** 2
    bb += (b[i] - mb) ** 2
  }
  // Two flat maps (no location supports the class) are the same picture.
  return aa === 0 && bb === 0 ? 1 : aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb)
}

interface Tally {
  n: number
  bytes: number
  dp: number[]
  flips: number
  r: number[]
  samePeak: number
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-stored-explain-'))
  const h = serviceHarness(join(root, 'data'))
  try {
    // Train: the first cells of each Aria class; the held-out cells are the last ones of each folder.
    const train = join(root, 'train')
    copyInto(join(train, 'Benign'), sortedFiles(join(ARIA, 'Benign')).slice(0, 60))
    for (const c of CLASSES.slice(1)) copyInto(join(train, c), sortedFiles(join(ARIA, c)).slice(0, 20))
    await h.call('datasets:import', {
      jobId: 'imp',
      folder: train,
      name: 'aria',
      map: 'Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL'
    })
    await h.call('backbones:add', {
      path: join(SHARED, 'models/mobilenet-v2-0.35-imagenet/model.json'),
      name: 'mobilenet',
      normalize: 'tf',
      inputSize: 224
    })
    const trained = await h.call('training:start', {
      jobId: 'train',
      options: { dataset: 'aria', backbone: 'mobilenet', seed: 1 }
    })
    await h.call('models:activate', { id: trained.model.id })

    const ariaTest = join(root, 'aria-test')
    for (const c of CLASSES)
      copyInto(join(ariaTest, c), sortedFiles(join(ARIA, c)).slice(-Math.ceil(ARIA_TEST / 4)))
    const fields = join(root, 'fields')
    copyInto(fields, sortedFiles(join(SHARED, 'data/bccd-fields/JPEGImages')).slice(0, FIELDS))
    const sets: [string, string, boolean][] = [
      ['C-NMC cells', join(SHARED, 'data/cnmc-samples'), false],
      ['Aria held out', ariaTest, false],
      ['BCCD field cells', fields, true]
    ]

    const { model } = await loadScanModel(h.ctx.store, h.dirs)
    const engine = await engineConfig(h.ctx)
    const source = await openFeatureMapSource(
      h.ctx.store,
      h.dirs,
      model.backbone,
      engine.backend,
      engine.onnxProvider
    )
    const score = headLogits(model.head)
    const prep = model.preprocessing
    const temperature = model.trust?.temperature ?? 1
    console.log(
      `bench:stored-explain — model ${model.id} (MobileNetV2 0.35, default recipe, ${prep.inputSize}×${prep.inputSize} ${prep.resize}), ` +
        `feature map on ${source.backend}, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}\n`
    )
    const explain = async (px: RgbPixels, classIndex: number) => {
      const fmap = await source.compute(preprocessImage(px, prep))
      try {
        const g = gradCam(fmap, score, classIndex)
        return { ...g, calibrated: applyTemperature(g.probabilities, temperature) }
      } finally {
        fmap.dispose()
      }
    }

    for (const [label, folder, isFields] of sets) {
      const scan = await h.call('scan:start', { jobId: label, folder, recursive: true, fields: isFields })
      const rows: HistoryRow[] = await queryHistory(h.ctx.store, { scanId: scan.scan.id })
      const tallies = new Map<string, Tally>()
      const tally = (name: string): Tally => {
        let t = tallies.get(name)
        if (!t) tallies.set(name, (t = { n: 0, bytes: 0, dp: [], flips: 0, r: [], samePeak: 0 }))
        return t
      }
      for (const row of rows) {
        const p = row.prediction
        const k = p.classes.indexOf(p.predicted)
        const img = await decodeImageFile(row.path)
        const original = await explain(img, k)
        const peak = argmax2d(original.cam, original.width)
        const copies: [string, Buffer][] = []
        const thumb = await thumbnailOfPath(h.ctx.store.k, row.path)
        if (thumb) copies.push(['thumb96', thumb])
        const input = resizeRgb(img, prep.inputSize, prep.resize)
        for (const [name, encode] of Object.entries(ENCODINGS)) copies.push([name, await encode(input)])
        for (const [name, bytes] of [['original', Buffer.alloc(0)] as [string, Buffer], ...copies]) {
          const r = name === 'original' ? original : await explain(await decodeAny(bytes), k)
          const t = tally(name)
          t.n++
          t.bytes += bytes.length
          t.dp.push(Math.abs(r.calibrated[k] - p.probabilities[k]))
          if (decide(r.calibrated, p.classes, 0, model.threshold).predicted !== p.predicted) t.flips++
          t.r.push(pearson(r.cam, original.cam))
          const pk = argmax2d(r.cam, r.width)
          if (pk.x === peak.x && pk.y === peak.y) t.samePeak++
        }
      }
      console.log(`${label}: ${rows.length} predicted cells (scan ${scan.scan.id})`)
      console.log(
        '  copy                  bytes/cell   |Δp| mean    |Δp| max   decisions≠   CAM r mean   CAM r min   same peak'
      )
      for (const [name, t] of tallies) {
        const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
        console.log(
          `  ${name.padEnd(20)} ${(name === 'original' ? '—' : (t.bytes / t.n).toFixed(0)).padStart(11)} ` +
            `${mean(t.dp).toFixed(4).padStart(11)} ${Math.max(...t.dp)
              .toFixed(4)
              .padStart(11)} ${`${t.flips}/${t.n}`.padStart(12)} ${mean(t.r).toFixed(3).padStart(12)} ` +
            `${Math.min(...t.r)
              .toFixed(3)
              .padStart(11)} ${`${t.samePeak}/${t.n}`.padStart(11)}`
        )
      }
      console.log('')
    }
    await source.dispose()
    model.head.dispose()
  } finally {
    h.close()
    rmSync(root, { recursive: true, force: true })
  }
}

void main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
