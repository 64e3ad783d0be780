/**
 * A small picture of every predicted cell, kept in the database, so that a workstation without the scanned folder
 * (another machine of the lab, a share that is not mounted) still shows the cell a result rests on.
 */
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { decodeImageBuffer } from '../images/decode'
import { lockBlobsForWriting, putBlob, setScanThumbnail } from '../db/queries/blobs'
import { putCellCopy } from '../db/queries/cell-copies'
import { write, type Store } from '../db/store'
import type { RgbPixels } from '../images/preprocess'
import { modelInputCopy, type InputShape } from './cell-copy'

/** Longest side in pixels: enough to recognise a cell in a list, a few KB as JPEG. */
export const THUMBNAIL_SIZE = 96

/**
 * The thumbnail of an image file's bytes (any format the scan reads, BMP included): a JPEG whose longer side is
 * THUMBNAIL_SIZE (never enlarged). `name` names the image in an error.
 */
export async function cellThumbnail(image: Uint8Array, name = 'image'): Promise<Buffer> {
  return thumbnailOf(await decodeImageBuffer(image, name))
}

function thumbnailOf(d: RgbPixels): Promise<Buffer> {
  return sharp(Buffer.from(d.data.buffer, d.data.byteOffset, d.data.byteLength), {
    raw: { width: d.width, height: d.height, channels: 3 }
  })
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer()
}

export interface ScannedImage {
  /** Content hash, as the scan item records it. */
  sha256: string
  /** The file's bytes. */
  bytes: Uint8Array
  /** For messages only. */
  path: string
  /** Whether the scan flagged its prediction for a person to look at. */
  flagged: boolean
}

/** What a scan keeps of its predicted cells: always the thumbnail; the model input's copy as `wantsCopy` says. */
export interface CellCopies {
  /** The scanning model's input side and resize method. */
  input: InputShape
  /**
   * On a shared (PostgreSQL) store every cell's copy, since another workstation reviews them without the folder;
   * on the workstation's own SQLite file only the flagged cells' (those a person is asked to look at), since the
   * files are normally on the same machine and a copy costs 10–60 KB.
   */
  wantsCopy: (flagged: boolean) => boolean
}

/** The usual choice of which cells get a copy of their model input, for a scan writing to `store`. */
export function cellCopiesFor(store: Store, input: InputShape): CellCopies {
  return { input, wantsCopy: (flagged) => store.engine === 'postgres' || flagged }
}

interface MadePictures {
  sha256: string
  thumbnail: Buffer
  copy?: Buffer
}

/**
 * Stores the thumbnails of a scan's images (and the copies of their model input `copies` asks for) and names
 * them on its items. Call it after the items are recorded. The pictures are made first, then written in one
 * transaction holding the blob lock shared (a removal of unused blobs waits for it); an image that cannot be
 * decoded gets none — it is an unreadable item, whose reason the scan records. Returns how many were stored.
 */
export async function recordThumbnails(
  store: Store,
  scanId: number,
  images: readonly ScannedImage[],
  copies?: CellCopies
): Promise<number> {
  // Made side by side: sharp encodes on its own threads, so a batch costs about as long as its slowest picture.
  const all = await Promise.all(
    images.map(async (img): Promise<MadePictures | undefined> => {
      const d = await decodeImageBuffer(img.bytes, img.path).catch(() => undefined)
      if (!d) return undefined
      const copy = copies?.wantsCopy(img.flagged) ? await modelInputCopy(d, copies.input) : undefined
      return { sha256: img.sha256, thumbnail: await thumbnailOf(d), copy }
    })
  )
  const made = all.filter((m) => m !== undefined)
  if (!made.length) return 0
  await write(store, async (trx) => {
    await lockBlobsForWriting(store, trx)
    for (const m of made) {
      await setScanThumbnail(trx, scanId, m.sha256, await putBlob(trx, m.thumbnail))
      if (m.copy && copies) {
        const key = { imageSha256: m.sha256, side: copies.input.inputSize, resize: copies.input.resize }
        await putCellCopy(trx, key, await putBlob(trx, m.copy))
      }
    }
  })
  return made.length
}

/** `recordThumbnails` for images given by path: each file is read here (one that cannot be read gets none). */
export async function recordThumbnailsOfFiles(
  store: Store,
  scanId: number,
  files: readonly { sha256: string; path: string; flagged: boolean }[],
  copies?: CellCopies
): Promise<number> {
  const read = await Promise.all(
    files.map(async (f): Promise<ScannedImage | undefined> => {
      const bytes = await readFile(f.path).catch(() => undefined)
      return bytes && { ...f, bytes }
    })
  )
  return recordThumbnails(
    store,
    scanId,
    read.filter((r) => r !== undefined),
    copies
  )
}
