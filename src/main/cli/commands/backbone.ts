import type { Command } from 'commander'
import type { BackboneSummary } from '../../../shared/types/engine'
import type { OfficialBackbone } from '../../core/engine/backbones/fetch'
import { terminalProgress } from '../progress-bar'
import { UsageError } from '../errors'
import { CLI_JOB } from '../context'
import type { RegisterCommand } from './register'

/** The official backbones `fetch` knows (core/engine/backbones/fetch.ts: OFFICIAL_BACKBONES, loaded when used). */
const OFFICIAL: readonly OfficialBackbone[] = ['densenet121']

/** What the stored files are: an int8 copy runs as its ONNX graph (its float files stay for Grad-CAM). */
function formatOf(b: BackboneSummary): string {
  if (b.precision === 'int8') return 'int8 ONNX graph (backbone.onnx, runs on ONNX Runtime)'
  return b.kind === 'keras-densenet121' ? 'Keras DenseNet121 weights, fp32' : 'TF.js layers model, fp32'
}

const NORMALIZE: Record<BackboneSummary['preprocessing']['normalize'], string> = {
  torch: 'ImageNet mean/std (torch)',
  tf: 'pixels scaled to [-1, 1] (tf)'
}

/** One backbone in words: "mobilenetv2: TF.js layers model, fp32; 1280 features from 224×224 images …". */
function describe(b: BackboneSummary): string {
  const p = b.preprocessing
  const resize = p.resize === 'nearest' ? 'nearest-neighbour resize, as the notebook' : 'antialiased resize'
  return (
    `${b.name}: ${formatOf(b)}; ${b.featureDim} features from ${p.inputSize}×${p.inputSize} images ` +
    `(${resize}; ${NORMALIZE[p.normalize]}); ${b.params.toLocaleString('en-US')} parameters; sha256 ${b.sha256.slice(0, 12)}`
  )
}

/**
 * What the mean feature cosine (int8 vs fp32, held-out images) suggests, read against this project's measurements
 * (README, "int8 backbones"): DenseNet121 kept 0.9999; MobileNetV2 at 0.98 trained a head with no loss in test
 * accuracy. A verdict on the features only: a model's accuracy is what `evaluate --against` measures.
 */
export function cosineVerdict(meanCosine: number): string {
  if (meanCosine >= 0.99) return 'verdict: the int8 features match fp32 closely'
  if (meanCosine >= 0.97)
    return 'verdict: near fp32 (MobileNetV2 at 0.98 lost no test accuracy here); train on it and compare with `evaluate --against`'
  return 'verdict: far from fp32; train on it and compare with `evaluate --against` before using it, or keep the fp32 backbone'
}

export const registerBackbone: RegisterCommand = (program, context) => {
  const group = program
    .command('backbone')
    .description('Frozen feature extractors: add, list, fetch, quantize, remove')

  group
    .command('add')
    .description('Copy a backbone into the data folder, checksum and validate it')
    .argument(
      '<path>',
      'Keras DenseNet121 no-top weights (.h5 / .keras / .weights.h5), or a TF.js model.json (or its folder)'
    )
    .requiredOption('--name <name>', 'name to refer to it by')
    .option(
      '--preprocess <mode>',
      'pixel normalisation the backbone was trained with: torch|tf (DenseNet121: torch)'
    )
    .option('--input-size <n>', "input side in pixels (default: the model's, else 224)")
    .option(
      '--resize <method>',
      'nearest|antialias (default nearest, as the published notebook; both byte-identical to PIL: NEAREST, LANCZOS)'
    )
    .action(
      async (
        path: string,
        opts: { name: string; preprocess?: string; inputSize?: string; resize?: string },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        if (opts.preprocess && opts.preprocess !== 'torch' && opts.preprocess !== 'tf')
          throw new UsageError(`--preprocess ${opts.preprocess}: use torch or tf`)
        if (opts.resize && opts.resize !== 'nearest' && opts.resize !== 'antialias')
          throw new UsageError(`--resize ${opts.resize}: use nearest or antialias`)
        const inputSize = opts.inputSize === undefined ? undefined : Number(opts.inputSize)
        const { addBackboneFile } = await import('../../services/models')
        const b = await addBackboneFile(await ctx.gated('backbones:add'), {
          path,
          name: opts.name,
          normalize: opts.preprocess as 'torch' | 'tf' | undefined,
          inputSize,
          resize: opts.resize as 'nearest' | 'antialias' | undefined
        })
        ctx.print(
          b,
          () => `added ${describe(b)}\n  files: ${b.files.map((f) => `${f.name} (${f.bytes} B)`).join(', ')}`
        )
      }
    )

  group
    .command('list')
    .description('List the backbones of this data folder')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const all = await ctx.call('backbones:list')
      ctx.print(all, () =>
        all.length
          ? all.map(describe).join('\n')
          : 'No backbones yet: `leukolens backbone add PATH --name NAME` or `leukolens backbone fetch densenet121`.'
      )
    })

  group
    .command('fetch')
    .description(
      'Download an official backbone (densenet121: Keras ImageNet weights, md5-checked) and add it'
    )
    .argument('<which>', OFFICIAL.join('|'))
    .action(async (which: string, _opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      if (!(OFFICIAL as readonly string[]).includes(which))
        throw new UsageError(`unknown official backbone ${which} (known: ${OFFICIAL.join(', ')})`)
      ctx.onProgress(terminalProgress())
      const b = await (
        await import('../../services/models')
      ).fetchBackbone(await ctx.gated('backbones:add'), CLI_JOB, which as OfficialBackbone)
      ctx.print(b, () => `added ${describe(b)}`)
    })

  group
    .command('quantize')
    .description(
      "Make an int8 copy of a backbone, calibrated on a dataset's own images (a new backbone: own checksum, own features)"
    )
    .argument('<name>', 'the fp32 backbone to quantize')
    .requiredOption(
      '--dataset <dataset>',
      'calibration images come from its training split (all images when it has none)'
    )
    .option('--images <n>', 'calibration images (a quarter of them pick the range estimator)', '256')
    .option('--name <new>', 'name of the int8 backbone (default: NAME-int8)')
    .action(async (name: string, opts: { dataset: string; images: string; name?: string }, cmd: Command) => {
      const ctx = context(cmd)
      const { quantizeForDataset } = await import('../../services/quantize')
      const r = await quantizeForDataset(
        await ctx.gated('backbones:quantize'),
        { backbone: name, dataset: opts.dataset, images: Number(opts.images), name: opts.name },
        (line) => {
          if (!ctx.json) process.stderr.write(`${line}\n`)
        }
      )
      ctx.print(r, () =>
        [
          `added ${describe(r.backbone)}`,
          `  int8 of ${r.source}, calibrated on ${r.calibrationImages} images of ${r.dataset} (${r.method} ranges)`,
          `  features vs fp32 on ${r.heldOutImages} held-out images: cosine mean ${r.meanCosine.toFixed(4)}, worst ${r.worstCosine.toFixed(4)} — ${cosineVerdict(r.meanCosine)}`,
          `  speed here: fp32 ${r.fp32ImagesPerSecond.toFixed(1)} images/s, int8 ${r.int8ImagesPerSecond.toFixed(1)} images/s (×${(r.int8ImagesPerSecond / r.fp32ImagesPerSecond).toFixed(2)})`,
          `  left in float: ${r.keptBatchNorms} BatchNorms with no convolution before them${r.floatConvs.length ? `, convolutions ${r.floatConvs.join(', ')}` : ''}`
        ].join('\n')
      )
    })

  group
    .command('remove')
    .description('Delete a backbone, its files and its stored features')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const ctx = context(cmd)
      await (
        await import('../../services/models')
      ).removeBackboneNamed(await ctx.gated('backbones:remove'), name)
      ctx.print({ removed: name }, () => `removed ${name}`)
    })
}
