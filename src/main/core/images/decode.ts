import { NotRegularFileError, readRegularFile } from '../files/regular-file'
import sharp from 'sharp'
import { decodeBmp, parseBmpHeader } from './bmp'
import { ImageReadError, type DecodedImage, type ImageFormat } from './errors'
import { DEFAULT_MAX_PIXELS } from './limits'

export { ImageReadError, type DecodedImage, type ImageFormat } from './errors'

export { DEFAULT_MAX_PIXELS } from './limits'

export interface DecodeLimits {
  /** Most pixels (width × height) an image may have; default DEFAULT_MAX_PIXELS. */
  maxPixels?: number
}

const megapixels = (n: number): string =>
  n >= 10e6 ? (n / 1e6).toFixed(0) : String(Number((n / 1e6).toPrecision(2)))

/** Width and height from the header only (BMP parsed here, the rest by libvips' header read), then the limit. */
async function checkPixelLimit(
  buf: Uint8Array,
  path: string,
  format: ImageFormat,
  maxPixels: number
): Promise<void> {
  let width: number | undefined
  let height: number | undefined
  if (format === 'bmp') ({ width, height } = parseBmpHeader(buf))
  else {
    try {
      ;({ width, height } = await sharp(buf, { limitInputPixels: false }).metadata())
    } catch (err) {
      throw new ImageReadError(path, reasonOf(err, format, buf))
    }
  }
  if (width && height && width * height > maxPixels)
    throw new ImageReadError(
      path,
      `${width}×${height} pixels (${megapixels(width * height)} MP) is over the ${megapixels(maxPixels)} MP limit (setting images.maxMegapixels); not decoded`
    )
}

// A single-threaded libvips per call keeps the import's own concurrency pool in charge of the 2 cores.
sharp.cache(false)

/** Formats recognised by their first bytes, whatever the file is named. */
export function sniffFormat(buf: Uint8Array): ImageFormat | string | undefined {
  if (buf.length >= 2 && buf[0] === 0x42 && buf[1] === 0x4d) return 'bmp'
  if (buf.length >= 8 && buf[0] === 0x89 && buf[1] === 0x50 && buf[2] === 0x4e && buf[3] === 0x47)
    return 'png'
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg'
  if (buf.length >= 4 && buf[0] === 0x49 && buf[1] === 0x49 && buf[2] === 0x2a && buf[3] === 0) return 'tiff'
  if (buf.length >= 4 && buf[0] === 0x4d && buf[1] === 0x4d && buf[2] === 0 && buf[3] === 0x2a) return 'tiff'
  const head = Buffer.from(buf.subarray(0, 12)).toString('latin1')
  if (head.startsWith('GIF8')) return 'GIF'
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'WebP'
  if (head.slice(4, 8) === 'ftyp') return 'HEIF/AVIF'
  if (head.startsWith('%PDF')) return 'PDF'
  return undefined
}

function describeUnknown(buf: Uint8Array): string {
  const head = Buffer.from(buf.subarray(0, 16)).toString('latin1')
  const printable = /^[\t\n\r\x20-\x7e]*$/.test(head)
  return printable
    ? `not an image (starts with text ${JSON.stringify(head.slice(0, 12))})`
    : 'not an image (no BMP, PNG, JPEG or TIFF signature)'
}

/** Checks that a buffer is a usable image without decoding pixels when that is cheap (BMP), else by decoding. */
export interface ImageProbe {
  width: number
  height: number
  format: ImageFormat
}

function classify(buf: Uint8Array, path: string): ImageFormat {
  if (buf.length === 0) throw new ImageReadError(path, 'empty file (0 bytes)')
  const format = sniffFormat(buf)
  if (format === undefined) throw new ImageReadError(path, describeUnknown(buf))
  if (format !== 'bmp' && format !== 'png' && format !== 'jpeg' && format !== 'tiff') {
    throw new ImageReadError(path, `unsupported format ${format} (BMP, PNG, JPEG and TIFF are supported)`)
  }
  return format
}

/**
 * Whether a JPEG or PNG lacks its end marker (JPEG EOI FF D9, PNG IEND chunk): the file was cut off. Checked
 * ourselves because libvips' message for it is not reliable: under concurrent decodes it sometimes reports only
 * "Unknown error". (A JPEG whose EXIF thumbnail carries its own EOI is left to the decoder's message.)
 */
function endMarkerMissing(buf: Uint8Array, format: ImageFormat): boolean {
  if (format === 'jpeg') {
    for (let i = buf.length - 2; i >= 2; i--) if (buf[i] === 0xff && buf[i + 1] === 0xd9) return false
    return true
  }
  if (format === 'png') return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).lastIndexOf('IEND') < 0
  return false
}

function reasonOf(err: unknown, format: ImageFormat, buf: Uint8Array): string {
  const msg = (err as Error).message ?? String(err)
  // libvips messages are multi-line and may end in a bare "header:"; keep the most specific words.
  const text = msg
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/:\s*$/, '')
  const name = format.toUpperCase()
  if (endMarkerMissing(buf, format)) return `truncated ${name} (no end marker; the decoder said: ${text})`
  return /truncat|premature|unexpected end|end of file/i.test(text)
    ? `truncated ${name} (${text})`
    : `corrupt or unreadable ${name} (${text})`
}

/**
 * Decodes PNG/JPEG/TIFF through libvips into 8-bit RGB; grey becomes RGB, alpha is dropped and 16-bit samples
 * are scaled to 8 bits. EXIF orientation is deliberately not applied: Keras' `load_img` (PIL) does not apply it
 * either, and the model must see what the published pipeline saw. Multi-page TIFF: the first page.
 */
async function decodeWithSharp(
  buf: Uint8Array,
  path: string,
  format: ImageFormat,
  maxPixels: number
): Promise<DecodedImage> {
  await checkPixelLimit(buf, path, format, maxPixels)
  try {
    // failOn 'truncated' rejects cut-off files; 'warning' would also reject harmless quirks PIL accepts.
    const { data, info } = await sharp(buf, { failOn: 'truncated', limitInputPixels: maxPixels })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after conversion to RGB`)
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      format
    }
  } catch (err) {
    throw new ImageReadError(path, reasonOf(err, format, buf))
  }
}

/** Decodes an image already in memory. `path` only names the file in errors. */
export async function decodeImageBuffer(
  buf: Uint8Array,
  path: string,
  limits: DecodeLimits = {}
): Promise<DecodedImage> {
  const format = classify(buf, path)
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS
  if (format === 'bmp') {
    await checkPixelLimit(buf, path, format, maxPixels).catch(rethrowAsImageError(path))
    try {
      return { ...decodeBmp(buf), format }
    } catch (err) {
      throw new ImageReadError(path, (err as Error).message)
    }
  }
  return decodeWithSharp(buf, path, format, maxPixels)
}

/** BMP header problems come as plain Errors whose message is the reason. */
const rethrowAsImageError =
  (path: string) =>
  (err: Error): never => {
    throw err instanceof ImageReadError ? err : new ImageReadError(path, err.message)
  }

/**
 * Proves a buffer is a whole, readable image and returns its size. BMP is uncompressed, so a header check with
 * the byte count catches truncation; the compressed formats are decoded fully, because their headers survive
 * truncation and only a decode finds the missing data.
 */
export async function probeImageBuffer(
  buf: Uint8Array,
  path: string,
  limits: DecodeLimits = {}
): Promise<ImageProbe> {
  const format = classify(buf, path)
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS
  if (format === 'bmp') {
    await checkPixelLimit(buf, path, format, maxPixels).catch(rethrowAsImageError(path))
    try {
      const h = parseBmpHeader(buf)
      return { width: h.width, height: h.height, format }
    } catch (err) {
      throw new ImageReadError(path, (err as Error).message)
    }
  }
  const img = await decodeWithSharp(buf, path, format, maxPixels)
  return { width: img.width, height: img.height, format }
}

/** Reads a file's bytes; a missing or unreadable file is an ImageReadError naming it. */
export async function readImageFile(path: string): Promise<Buffer> {
  try {
    return await readRegularFile(path)
  } catch (err) {
    if (err instanceof NotRegularFileError) throw new ImageReadError(path, err.reason)
    const e = err as NodeJS.ErrnoException
    throw new ImageReadError(
      path,
      e.code === 'ENOENT' ? 'file not found' : `cannot read file (${e.code ?? e.message})`
    )
  }
}

/**
 * An image file's width and height from its header alone (the field view draws boxes in the field's pixels
 * over it); throws ImageReadError naming the file when it is gone or not an image.
 */
export async function imageFileSize(path: string): Promise<{ width: number; height: number }> {
  const buf = await readImageFile(path)
  const format = classify(buf, path)
  try {
    if (format === 'bmp') {
      const h = parseBmpHeader(buf)
      return { width: h.width, height: h.height }
    }
    // libvips reads only the header of the buffer.
    const m = await sharp(buf, { limitInputPixels: false }).metadata()
    if (!m.width || !m.height) throw new Error('no size in the header')
    return { width: m.width, height: m.height }
  } catch (err) {
    throw err instanceof ImageReadError ? err : new ImageReadError(path, reasonOf(err, format, buf))
  }
}

/** Reads and decodes an image file into 8-bit RGB; throws ImageReadError naming the file and the problem. */
export async function decodeImageFile(path: string, limits: DecodeLimits = {}): Promise<DecodedImage> {
  return decodeImageBuffer(await readImageFile(path), path, limits)
}
