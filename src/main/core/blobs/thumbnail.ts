/**
 * A small picture of every predicted cell, kept in the database, so that a workstation without the scanned folder
 * (another machine of the lab, a share that is not mounted) still shows the cell a result rests on.
 */
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { decodeImageBuffer } from '../images/decode'
import { putBlob, setScanThumbnail } from '../db/queries/blobs'
import type { Queries } from '../db/store'

/** Longest side in pixels: enough to recognise a cell in a list, a few KB as JPEG. */
export const THUMBNAIL_SIZE = 96

/**
 * The thumbnail of an image file's bytes (any format the scan reads, BMP included): a JPEG whose longer side is
 * THUMBNAIL_SIZE (never enlarged). `name` names the image in an error.
 */
export async function cellThumbnail(image: Uint8Array, name = 'image'): Promise<Buffer> {
  const d = await decodeImageBuffer(image, name)
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
}

/**
 * Stores the thumbnails of a scan's images and names them on its items. Call it after the items are recorded.
 * The pictures are made first, then written (nothing but queries between the writes); an image that cannot be
 * decoded gets none — it is an unreadable item, whose reason the scan records. Returns how many were stored.
 */
export async function recordThumbnails(
  q: Queries,
  scanId: number,
  images: readonly ScannedImage[]
): Promise<number> {
  // Made side by side: sharp encodes on its own threads, so a batch costs about as long as its slowest picture.
  const all = await Promise.all(
    images.map(async (img) => ({
      sha256: img.sha256,
      thumbnail: await cellThumbnail(img.bytes, img.path).catch(() => undefined)
    }))
  )
  const made = all.filter((m): m is { sha256: string; thumbnail: Buffer } => m.thumbnail !== undefined)
  for (const m of made) await setScanThumbnail(q, scanId, m.sha256, await putBlob(q, m.thumbnail))
  return made.length
}

/** `recordThumbnails` for images given by path: each file is read here (one that cannot be read gets none). */
export async function recordThumbnailsOfFiles(
  q: Queries,
  scanId: number,
  files: readonly { sha256: string; path: string }[]
): Promise<number> {
  const read = await Promise.all(
    files.map(async (f): Promise<ScannedImage | undefined> => {
      const bytes = await readFile(f.path).catch(() => undefined)
      return bytes && { ...f, bytes }
    })
  )
  return recordThumbnails(
    q,
    scanId,
    read.filter((r) => r !== undefined)
  )
}
