import { createHash } from 'node:crypto'
import { NotRegularFileError, readFailure, readRegularFile } from '../files/regular-file'
import { join } from 'node:path'
import type { ProgressListener } from '../../../shared/types/progress'
import type { SkippedFile } from '../../../shared/types/datasets'
import { probeImageBuffer, type ImageProbe } from '../images/decode'
import { ImageReadError, type ImageFormat } from '../images/errors'
import { ProgressTracker } from '../progress'
import { mapPool } from './files'
import type { PlannedFile } from './layout'

export interface ReadFile extends PlannedFile {
  sha256: string
  size: number
  width: number
  height: number
  format: ImageFormat
}

/** Default number of files read, hashed and probed at once: enough to overlap disk reads with decoding. */
export const DEFAULT_CONCURRENCY = 8

/**
 * Reads, hashes (SHA-256 of the bytes) and probes every planned file in parallel. A file that cannot be used is
 * returned in `skipped` with its reason; nothing is thrown for one bad file. Compressed formats are decoded in full
 * (about 2 ms for a 224×224 JPEG): a truncated or corrupt file keeps a valid header, so a header read would let it
 * through, and it would fail later in the middle of feature extraction instead.
 */
export async function readPlannedFiles(
  root: string,
  files: readonly PlannedFile[],
  opts: {
    concurrency?: number
    onProgress?: ProgressListener
    /** Images over this many pixels are skipped from their header (default: the engine's limit). */
    maxPixels?: number
    /** Size and format of content already stored: such a file is hashed but not decoded again. */
    known?: (sha256: string) => Promise<ImageProbe | undefined>
    /** Stops reading at the next file; the call then rejects with the signal's reason. */
    signal?: AbortSignal
  } = {}
): Promise<{ read: ReadFile[]; skipped: SkippedFile[] }> {
  const tracker = new ProgressTracker('reading images', files.length, opts.onProgress)
  const results = await mapPool(files, opts.concurrency ?? DEFAULT_CONCURRENCY, async (f) => {
    opts.signal?.throwIfAborted()
    try {
      const buf = await readRegularFile(join(root, f.path)).catch((err: unknown) => {
        throw new ImageReadError(
          f.path,
          err instanceof NotRegularFileError ? err.reason : `cannot read file (${readFailure(err)})`
        )
      })
      const sha256 = createHash('sha256').update(buf).digest('hex')
      const probe =
        (await opts.known?.(sha256)) ?? (await probeImageBuffer(buf, f.path, { maxPixels: opts.maxPixels }))
      return { ...f, ...probe, sha256, size: buf.length } satisfies ReadFile
    } catch (err) {
      if (err instanceof ImageReadError) return { path: f.path, reason: err.reason } satisfies SkippedFile
      throw err
    } finally {
      tracker.tick(1, f.path)
    }
  })
  const read: ReadFile[] = []
  const skipped: SkippedFile[] = []
  for (const r of results) {
    if ('sha256' in r) read.push(r)
    else skipped.push(r)
  }
  return { read, skipped }
}
