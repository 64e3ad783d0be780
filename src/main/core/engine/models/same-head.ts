import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import type { ModelVersion } from '../../../../shared/types/models'
import { listModels, modelDir } from './registry'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/**
 * The version an earlier import of an archive with exactly these head weights (same SHA-256) made, if any:
 * importing the same archive twice finds it instead of making a second copy. Versions trained here are not
 * compared: importing a version's own export back is how a copy of it is made (a new id, its own history).
 */
export async function versionWithHeadWeights(
  store: Store,
  dirs: DataDir,
  weightsFile: string,
  weights: Uint8Array
): Promise<{ version: ModelVersion; sha256: string } | undefined> {
  const wanted = sha256(weights)
  for (const version of await listModels(store)) {
    if (version.source !== 'archive-import') continue
    const file = join(await modelDir(store, dirs, version.id), weightsFile)
    if (existsSync(file) && sha256(readFileSync(file)) === wanted) return { version, sha256: wanted }
  }
  return undefined
}
