/**
 * Reads chosen entries of a zip file with a size cap per entry, streaming: the file is read in small chunks and
 * each entry is inflated as it arrives, so memory stays near the caps however large the entries claim or turn out
 * to be. A "zip bomb" (a few MB holding a 3 GB entry) is refused both by its declared size, before inflating
 * anything, and by its actual bytes when the header lies. Entries the caller does not ask for are skipped
 * without inflating them.
 */
import { open } from 'node:fs/promises'
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate'

/** Why a zip could not be read within its limits; the caller names the file. */
export class ZipReadError extends Error {
  override name = 'ZipReadError'
}

const MB = 1024 * 1024
/** Compressed bytes handed to the inflater at once: deflate expands at most ~1032×, so ≤ 16 MB per step. */
const CHUNK = 16 * 1024

const size = (n: number): string => (n >= MB ? `${(n / MB).toFixed(0)} MB` : `${n} bytes`)

/**
 * `caps` maps an entry name to the most bytes it may inflate to; other entries are skipped. Returns the entries
 * found (a missing one is absent: the caller says what it needed).
 */
export async function readZipEntries(
  file: string,
  caps: Readonly<Record<string, number>>
): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {}
  let failure: Error | undefined
  let entries = 0
  const unzip = new Unzip((entry: UnzipFile) => {
    entries++
    const cap = Object.hasOwn(caps, entry.name) ? caps[entry.name] : undefined
    if (cap === undefined || failure) return
    if (entry.originalSize !== undefined && entry.originalSize > cap) {
      failure = new ZipReadError(
        `${entry.name} declares ${size(entry.originalSize)} uncompressed, more than the ${size(cap)} allowed`
      )
      return
    }
    const parts: Uint8Array[] = []
    let total = 0
    entry.ondata = (err, data, final) => {
      if (failure) return
      if (err) {
        failure = new ZipReadError(`${entry.name} cannot be inflated (${err.message})`)
        return
      }
      total += data.length
      if (total > cap) {
        failure = new ZipReadError(`${entry.name} inflates to more than the ${size(cap)} allowed`)
        entry.terminate()
        parts.length = 0
        return
      }
      parts.push(data)
      if (final) out[entry.name] = concat(parts, total)
    }
    entry.start()
  })
  unzip.register(UnzipInflate)
  const fh = await open(file, 'r')
  try {
    const buf = new Uint8Array(CHUNK)
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null)
      try {
        unzip.push(buf.slice(0, bytesRead), bytesRead === 0)
      } catch (err) {
        failure ??= new ZipReadError(`not a readable zip (${(err as Error).message})`)
      }
      if (failure) throw failure
      if (bytesRead === 0) break
    }
  } finally {
    await fh.close()
  }
  // fflate's streaming reader skips bytes it cannot parse as a header: a damaged zip then simply has no entries.
  if (entries === 0) throw new ZipReadError('no zip entry could be read (the file is damaged or empty)')
  return out
}

/** Whether the file starts like a zip (a local file header); false for an empty file. */
export async function isZipFile(file: string): Promise<boolean> {
  const fh = await open(file, 'r')
  try {
    // 'PK' alone: a file that starts like a zip but is damaged past its first bytes should be called a corrupt
    // zip, not 'not an HDF5 file'.
    const head = new Uint8Array(2)
    const { bytesRead } = await fh.read(head, 0, 2, 0)
    return bytesRead === 2 && head[0] === 0x50 && head[1] === 0x4b
  } finally {
    await fh.close()
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]
  const all = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.length
  }
  return all
}

export const ZIP_LIMITS = {
  /** JSON metadata entries (archive metadata, Keras config/metadata, TF.js model.json). */
  json: 4 * MB,
  /** A head's weights: 4096 features × 256 units float32 is 4 MB; far above any head. */
  headWeights: 64 * MB,
  /**
   * A Keras `model.weights.h5`: the notebook's DenseNet121 + head is ~33 MB (the only architecture the .keras
   * import reads). Held in memory while inflating, so the cap also bounds the import's peak memory.
   */
  kerasWeights: 128 * MB,
  /**
   * A version's unfamiliar-image detector (`trust/ood.bin`): kNN keeps every training row, float32 — 30,000 rows
   * of 1024 features is 120 MB.
   */
  oodDetector: 256 * MB
} as const
