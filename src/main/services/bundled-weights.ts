import { existsSync } from 'node:fs'
import { addBackbone } from '../core/engine/backbones/add'
import { listBackbones } from '../core/engine/backbones/registry'
import type { ServiceContext } from './context'

export { DENSENET_WEIGHTS_FILE } from './weights-file'

/**
 * A packaged app may carry the official DenseNet121 weights (electron-builder extraResources). On start, when
 * they are there and no DenseNet121 backbone is registered yet, register them (copied and checksummed by the
 * backbone registry) so a first-time user can train at once. Errors are reported, never fatal.
 */
export async function registerBundledWeights(
  ctx: ServiceContext,
  file: string | undefined
): Promise<string | null> {
  if (!file || !existsSync(file)) return null
  if ((await listBackbones(ctx.store)).some((b) => b.kind === 'keras-densenet121')) return null
  const b = await addBackbone(ctx.store, ctx.dirs, {
    path: file,
    name: 'densenet121',
    normalize: 'torch',
    inputSize: 224,
    source: 'bundled with the app'
  })
  return b.name
}
