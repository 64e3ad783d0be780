import type { Command } from 'commander'
import { resolve } from 'node:path'
import { explainImage } from '../../core/explain/explain'
import { openFeatureMapSource } from '../../core/explain/feature-map-source'
import { ImageReadError } from '../../core/images/decode'
import { UnknownModelError } from '../../core/engine/models/registry'
import { loadScanModel } from '../../core/scan/model'
import { startMainThreadBackend } from '../../core/scan/run'
import { UsageError } from '../errors'
import type { RegisterCommand } from './index'
import { BACKEND_FLAG_HELP, backendFlag } from '../flags'

export const registerExplain: RegisterCommand = (program, context) => {
  program
    .command('explain')
    .description('Grad-CAM heatmap of what the model looked at for one image')
    .argument('<image>', 'image file')
    .requiredOption('--out <heatmap.png>', 'heatmap PNG to write')
    .option('--overlay <overlay.png>', 'heatmap blended on the cell (default: <out>-overlay.png)')
    .option('--class <name>', 'explain this class (default: the predicted one)')
    .option('--model <id>', 'model version (default: the active one)')
    .option('--backend <name>', BACKEND_FLAG_HELP)
    .addHelpText(
      'after',
      `
Grad-CAM: the gradient of the class score with respect to the backbone's last convolutional feature map (7×7 for
a 224 input), averaged per channel, weighs that map. Only the pooling and the head are differentiated (on TF.js,
every backend, wasm included); the frozen base's forward pass to that map runs on the fastest backend, as scans do.`
    )
    .action(async (image: string, flags: { out: string; overlay?: string; class?: string; model?: string; backend?: string }, cmd: Command) => {
      const ctx = context(cmd)
      await startMainThreadBackend(backendFlag(flags.backend))
      const { model, version } = await loadScanModel(ctx.db, ctx.dirs, flags.model).catch((err: Error) => {
        throw err instanceof UnknownModelError ? new UsageError(err.message) : err
      })
      const featureMap = await openFeatureMapSource(ctx.db, ctx.dirs, version.backbone, backendFlag(flags.backend))
      const heatmap = resolve(flags.out)
      const overlay = resolve(flags.overlay ?? heatmap.replace(/(\.png)?$/i, '-overlay.png'))
      try {
        const r = await explainImage(
          { featureMap, head: model.head, classes: model.classes, preprocessing: model.preprocessing, threshold: model.threshold },
          resolve(image),
          { heatmap, overlay },
          flags.class
        )
        const probs = model.classes.map((c, i) => `${c} ${(100 * r.probabilities[i]).toFixed(1)}%`).join(', ')
        ctx.print(
          { ...r, cam: Array.from(r.cam), modelId: version.id },
          () =>
            `${r.path}: predicted ${r.predicted} (${probs})\n` +
            `Grad-CAM for ${r.className} on a ${r.gridHeight}×${r.gridWidth} map, peak at row ${r.peak.y}, column ${r.peak.x} (feature map on ${r.featureMapBackend}, gradient on TF.js)\n` +
            `heatmap ${heatmap}\noverlay ${overlay}`
        )
      } catch (err) {
        if (err instanceof ImageReadError || err instanceof RangeError) throw new UsageError(err.message)
        throw err
      } finally {
        model.head.dispose()
        await featureMap.dispose()
      }
    })
}
