import { open } from 'node:fs/promises'
import { KerasFileError, openH5, isGroup } from './hdf5'

export type KerasWeightsLayout = 'legacy-h5' | 'keras3'

/** Tells a legacy Keras HDF5 file from a Keras 3 `.keras` zip / `.weights.h5` by content, not by name. */
export async function detectKerasLayout(path: string): Promise<KerasWeightsLayout> {
  const fh = await open(path, 'r').catch((err: Error) => {
    throw new KerasFileError(path, `cannot read (${err.message})`)
  })
  const head = Buffer.alloc(8)
  try {
    await fh.read(head, 0, 8, 0)
  } finally {
    await fh.close()
  }
  if (head[0] === 0x50 && head[1] === 0x4b) return 'keras3'
  const f = await openH5(path)
  try {
    if (f.attrs['layer_names'] || isGroup(f.get('model_weights'))) return 'legacy-h5'
    if (isGroup(f.get('layers'))) return 'keras3'
    throw new KerasFileError(path, 'HDF5 file without `layer_names` or `layers`: not a Keras weights file')
  } finally {
    f.close()
  }
}
