/**
 * `backbone fetch densenet121`: downloads the official Keras ImageNet weights (no top), checks the md5 the
 * Keras project publishes, and adds them as a backbone. Offline it says exactly which file to bring.
 */
import { createHash } from 'node:crypto'
import { createWriteStream, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import type { BackboneSummary } from '../../../../shared/types/engine'
import type { Progress } from '../../../../shared/types/progress'
import DENSENET121_WEIGHTS from '../../../../shared/densenet121-weights.json'
import { addBackbone } from './add'

/** The one definition of each official file (JSON, so the packaging script and the Settings screen read it too). */
export const OFFICIAL_BACKBONES = { densenet121: DENSENET121_WEIGHTS } as const

export type OfficialBackbone = keyof typeof OFFICIAL_BACKBONES

export class FetchError extends Error {
  override name = 'FetchError'
}

/** What to tell a user whose machine cannot download the file. */
export function offlineInstructions(which: OfficialBackbone): string {
  const o = OFFICIAL_BACKBONES[which]
  return [
    `Could not download ${o.file}. On a machine with internet access, download`,
    `  ${o.url}`,
    `(about ${Math.round(o.bytes / 1e6)} MB, md5 ${o.md5}), copy it here and run:`,
    `  leukolens backbone add ${o.file} --name ${which}`
  ].join('\n')
}

export async function fetchOfficialBackbone(
  store: Store,
  dirs: DataDir,
  which: OfficialBackbone,
  onProgress?: (p: Progress) => void
): Promise<BackboneSummary> {
  const o = OFFICIAL_BACKBONES[which]
  const target = join(dirs.tmp, o.file)
  let res: Response
  try {
    res = await fetch(o.url, { signal: AbortSignal.timeout(30_000) })
  } catch (err) {
    throw new FetchError(
      `cannot reach storage.googleapis.com (${(err as Error).message})\n${offlineInstructions(which)}`
    )
  }
  if (!res.ok || !res.body)
    throw new FetchError(`HTTP ${res.status} from ${o.url}\n${offlineInstructions(which)}`)
  const total = Number(res.headers.get('content-length')) || o.bytes
  const md5 = createHash('md5')
  const out = createWriteStream(target)
  const started = performance.now()
  let done = 0
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      md5.update(chunk)
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()))
      done += chunk.byteLength
      const s = (performance.now() - started) / 1000
      onProgress?.({
        phase: `downloading ${o.file}`,
        done,
        total,
        rate: done / s,
        etaSeconds: ((total - done) * s) / Math.max(1, done)
      })
    }
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve()))
    )
    const digest = md5.digest('hex')
    if (digest !== o.md5)
      throw new FetchError(
        `${o.file}: md5 ${digest} does not match the published ${o.md5} (download corrupted); nothing was added`
      )
    return await addBackbone(store, dirs, {
      path: target,
      name: which,
      normalize: 'torch',
      inputSize: 224,
      source: o.url
    })
  } finally {
    out.destroy()
    rmSync(target, { force: true })
  }
}
