import { createHash } from 'node:crypto'
import type { Database } from '../../src/main/core/db/database'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import { createScan, finishScan, recordScanItems } from '../../src/main/core/scan/store'

/**
 * A finished scan written straight to the database: one prediction per path with the class given (content hash
 * from the path, so no file is read). What the model would say is not the subject of the tests that use it.
 * `db`: the workstation's file (through a store over it), or a store of either engine.
 */
export async function storeScan(
  db: Database | Store,
  folder: string,
  predictions: readonly {
    path: string
    predicted: string
    unreadable?: boolean
    flagged?: boolean
    ood?: boolean
  }[],
  opts: { modelId?: string; classes?: string[] } = {}
): Promise<number> {
  const q = ('k' in db ? db : sqliteStore(db)).k
  const modelId = opts.modelId ?? 'm-1'
  const classes = opts.classes ?? ['ALL', 'HEM']
  const scan = await createScan(q, {
    folder,
    recursive: true,
    modelId,
    tta: false,
    flagThreshold: 0.8,
    backend: 'wasm'
  })
  await recordScanItems(
    q,
    scan.id,
    predictions.map((p) => {
      if (p.unreadable) return { path: p.path, sha256: null, error: 'not an image (unrecognised content)' }
      const sha256 = createHash('sha256').update(`${scan.id}:${p.path}`).digest('hex')
      return {
        path: p.path,
        sha256,
        prediction: {
          sha256,
          modelId,
          classes,
          probabilities: classes.map((c) => (c === p.predicted ? 0.9 : 0.1 / (classes.length - 1))),
          predicted: p.predicted,
          confidence: 0.9,
          flagged: p.flagged ?? p.ood ?? false,
          ...(p.ood === undefined ? {} : { ood: p.ood, oodScore: p.ood ? 9 : 1 }),
          tta: false,
          backend: 'wasm'
        }
      }
    })
  )
  await finishScan(q, scan.id, 'done')
  return scan.id
}
