import type { Command } from 'commander'
import { resolve } from 'node:path'
import { UsageError } from '../errors'
import type { RegisterCommand } from './register'
import { BACKEND_FLAG_HELP, backendFlag } from '../flags'

export const registerExplain: RegisterCommand = (program, context) => {
  program
    .command('explain')
    .description('Grad-CAM heatmap of what the model looked at for one image')
    .argument(
      '<image>',
      'image file, or a scanned image by its path or SHA-256 (or the 12 characters history prints)'
    )
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
every backend, wasm included); the frozen base's forward pass to that map runs on the fastest backend, as scans do.
A scanned cell whose file is not on this workstation (another workstation's folder, a share not mounted) is
explained from the copy of it the database keeps, and the output says which copy and how its probability differs
from the stored prediction.`
    )
    .action(
      async (
        image: string,
        flags: { out: string; overlay?: string; class?: string; model?: string; backend?: string },
        cmd: Command
      ) => {
        const ctx = context(cmd, { backend: backendFlag(flags.backend) })
        const heatmap = resolve(flags.out)
        const overlay = resolve(flags.overlay ?? heatmap.replace(/(\.png)?$/i, '-overlay.png'))
        const { explainToFiles } = await import('../../services/scanning')
        try {
          // The window's Grad-CAM (same model cache, same forward pass on the configured backend), to these files.
          const {
            classes,
            pooled: _features,
            ...r
          } = await explainToFiles(ctx.ctx, {
            path: image,
            out: { heatmap, overlay },
            className: flags.class,
            modelId: flags.model
          })
          const probs = classes.map((c, i) => `${c} ${(100 * r.probabilities[i]).toFixed(1)}%`).join(', ')
          // Said first: the answer and the heatmap of an image the model does not know are not to be read as such.
          const warning = r.unfamiliar?.length
            ? `UNFAMILIAR: ${r.path} is unlike this model's training data (${r.unfamiliar.join('; ')}); ` +
              'the answer and the heatmap below are not to be trusted\n'
            : r.unfamiliar === null
              ? 'this model version has no reference to say whether the image is like its training data\n'
              : ''
          ctx.print(
            { ...r, cam: Array.from(r.cam) },
            () =>
              warning +
              (r.source.note ? `${r.source.note}\n` : '') +
              `${r.path}${r.source.kind === 'file' ? '' : ' (stored copy)'}: predicted ${r.predicted} (${probs})\n` +
              `Grad-CAM for ${r.className} on a ${r.gridHeight}×${r.gridWidth} map, peak at row ${r.peak.y}, column ${r.peak.x} (feature map on ${r.featureMapBackend}, gradient on TF.js)\n` +
              `heatmap ${heatmap}\noverlay ${overlay}`
          )
        } catch (err) {
          if ((err as Error).name === 'RangeError') throw new UsageError((err as Error).message)
          throw err
        }
      }
    )
}
