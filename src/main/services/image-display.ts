import sharp, { type Sharp } from 'sharp'
import { extname } from 'node:path'
import { readFile } from 'node:fs/promises'
import { thumbnailOfPath } from '../core/db/queries/blobs'
import type { Store } from '../core/db/store'

/**
 * Turns a checked local image file into bytes a browser can show: browsers read neither TIFF nor every BMP
 * variant, so anything that is not PNG/JPEG is re-encoded, and a thumbnail size gives a small JPEG (a grid of
 * hundreds of 450×450 BMPs would otherwise move megabytes per screen). Decoding goes through the import's
 * decoder for BMP (sharp cannot read BMP).
 */
export async function readImageForDisplay(
  path: string,
  size?: number
): Promise<{ mime: string; bytes: Buffer }> {
  const ext = extname(path).toLowerCase()
  if (!size && (ext === '.png' || ext === '.jpg' || ext === '.jpeg')) {
    return { mime: ext === '.png' ? 'image/png' : 'image/jpeg', bytes: await readFile(path) }
  }
  let img: Sharp
  if (ext === '.bmp') {
    const { decodeImageFile } = await import('../core/images/decode')
    const d = await decodeImageFile(path)
    img = sharp(Buffer.from(d.data.buffer, d.data.byteOffset, d.data.byteLength), {
      raw: { width: d.width, height: d.height, channels: 3 }
    })
  } else {
    img = sharp(path)
  }
  if (size) img = img.resize(size, size, { fit: 'inside' })
  const bytes = await (size ? img.jpeg({ quality: 80 }) : img.png()).toBuffer()
  return { mime: size ? 'image/jpeg' : 'image/png', bytes }
}

/**
 * What the window shows for an image: the file, when this workstation can reach it (`locate` gives its checked real
 * path or throws), else the small picture a scan stored of the same content (core/blobs/thumbnail.ts) — so a cell
 * scanned at another workstation, or in a folder that is not mounted now, is still seen. Without either, the
 * reason the file cannot be shown.
 */
export async function readScannedImageForDisplay(
  store: Store,
  locate: () => string | Promise<string>,
  requested: string,
  size?: number
): Promise<{ mime: string; bytes: Buffer; thumbnail?: true }> {
  try {
    return await readImageForDisplay(await locate(), size)
  } catch (err) {
    const thumbnail = await thumbnailOfPath(store.k, requested)
    if (thumbnail) return { mime: 'image/jpeg', bytes: thumbnail, thumbnail: true }
    throw err
  }
}
