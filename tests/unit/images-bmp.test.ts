import { describe, expect, it } from 'vitest'
import { decodeBmp, parseBmpHeader } from '../../src/main/core/images/bmp'
import { decodeImageBuffer, probeImageBuffer, sniffFormat } from '../../src/main/core/images/decode'
import { ImageReadError } from '../../src/main/core/images/errors'
import { encodeBmp, encodeBmp8 } from '../helpers/images'

/** A width×height test pattern whose every byte differs by position, so any flip or channel swap shows. */
function pattern(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      rgb[i] = (x * 37 + y * 11) & 255
      rgb[i + 1] = (y * 53 + 7) & 255
      rgb[i + 2] = (x * 5 + y * 101 + 3) & 255
    }
  return rgb
}

describe('BMP decoding (fast-bmp behind a header check)', () => {
  // Widths 5 and 7 make 24-bit rows need padding; height 3 makes a wrong row order visible.
  const cases = [
    { bitsPerPixel: 24, topDown: false },
    { bitsPerPixel: 24, topDown: true },
    { bitsPerPixel: 32, topDown: false },
    { bitsPerPixel: 32, topDown: true },
    { bitsPerPixel: 32, topDown: false, bitfields: true },
    { bitsPerPixel: 32, topDown: true, bitfields: true }
  ] as const
  for (const width of [5, 7, 8]) {
    for (const c of cases) {
      it(`reads ${c.bitsPerPixel}-bit ${c.topDown ? 'top-down' : 'bottom-up'}${'bitfields' in c ? ' BI_BITFIELDS' : ''} width ${width}`, async () => {
        const rgb = pattern(width, 3)
        const file = encodeBmp({ width, height: 3, rgb, alpha: 17, ...c })
        const img = await decodeImageBuffer(file, 'x.bmp')
        expect(img.format).toBe('bmp')
        expect([img.width, img.height]).toEqual([width, 3])
        expect(Array.from(img.data)).toEqual(Array.from(rgb))
        expect(await probeImageBuffer(file, 'x.bmp')).toEqual({ width, height: 3, format: 'bmp' })
      })
    }
  }

  it('reads an 8-bit palette BMP through its palette', async () => {
    const palette: [number, number, number][] = [
      [0, 0, 0],
      [255, 0, 0],
      [10, 200, 30]
    ]
    const img = await decodeImageBuffer(
      encodeBmp8(3, 2, new Uint8Array([0, 1, 2, 2, 1, 0]), palette),
      'p.bmp'
    )
    expect(Array.from(img.data)).toEqual([0, 0, 0, 255, 0, 0, 10, 200, 30, 10, 200, 30, 255, 0, 0, 0, 0, 0])
  })

  it('parses the header of a top-down file as positive height', () => {
    const h = parseBmpHeader(
      encodeBmp({ width: 3, height: 2, rgb: pattern(3, 2), bitsPerPixel: 24, topDown: true })
    )
    expect(h).toMatchObject({ width: 3, height: 2, topDown: true, bitsPerPixel: 24, rowStride: 12 })
  })

  it('rejects a truncated file, naming the byte counts', () => {
    const file = encodeBmp({ width: 10, height: 10, rgb: pattern(10, 10), bitsPerPixel: 24 })
    expect(() => decodeBmp(file.subarray(0, file.length - 40))).toThrow(/truncated BMP \(\d+ of \d+ bytes\)/)
    expect(() => parseBmpHeader(file.subarray(0, 30))).toThrow(/truncated BMP header/)
  })

  it('rejects bit depths and compressions it cannot read', () => {
    const file = encodeBmp({ width: 4, height: 4, rgb: pattern(4, 4), bitsPerPixel: 24 })
    const b16 = file.slice()
    new DataView(b16.buffer).setUint16(28, 16, true)
    expect(() => parseBmpHeader(b16)).toThrow(/unsupported BMP bit depth 16/)
    const rle = file.slice()
    new DataView(rle.buffer).setUint16(28, 8, true)
    new DataView(rle.buffer).setUint32(30, 1, true)
    expect(() => parseBmpHeader(rle)).toThrow(/unsupported BMP compression 1/)
  })

  it('wraps BMP problems in ImageReadError with the path and reason', async () => {
    const file = encodeBmp({ width: 4, height: 4, rgb: pattern(4, 4), bitsPerPixel: 24 })
    const err = await decodeImageBuffer(file.subarray(0, 60), 'cells/a.bmp').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ImageReadError)
    expect((err as ImageReadError).path).toBe('cells/a.bmp')
    expect((err as ImageReadError).reason).toMatch(/truncated BMP/)
  })

  it('recognises formats by content, not by name', () => {
    expect(sniffFormat(new Uint8Array([0x42, 0x4d, 0, 0]))).toBe('bmp')
    expect(sniffFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]))).toBe('png')
    expect(sniffFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg')
    expect(sniffFormat(new Uint8Array([0x49, 0x49, 0x2a, 0]))).toBe('tiff')
    expect(sniffFormat(new Uint8Array([0x4d, 0x4d, 0, 0x2a]))).toBe('tiff')
    expect(sniffFormat(new TextEncoder().encode('GIF89a....'))).toBe('GIF')
    expect(sniffFormat(new TextEncoder().encode('hello'))).toBeUndefined()
  })

  it('explains empty, text and unsupported files', async () => {
    const reason = (buf: Uint8Array) => decodeImageBuffer(buf, 'f').catch((e: ImageReadError) => e.reason)
    expect(await reason(new Uint8Array(0))).toBe('empty file (0 bytes)')
    expect(await reason(new TextEncoder().encode('patient notes, not an image'))).toMatch(
      /^not an image \(starts with text "patient note/
    )
    expect(await reason(new TextEncoder().encode('GIF89a\x01\x00\x01\x00'))).toMatch(/unsupported format GIF/)
  })
})

describe('32-bit BMP colour masks', () => {
  /** `encodeBmp`'s BI_BITFIELDS file (BGRA bytes, RGB-order masks) rewritten to BGR-order masks, RGBA bytes. */
  function bgrMasked(width: number, height: number, rgb: Uint8Array): Uint8Array {
    const file = encodeBmp({
      width,
      height,
      rgb,
      alpha: 9,
      bitsPerPixel: 32,
      topDown: false,
      bitfields: true
    })
    const v = new DataView(file.buffer)
    v.setUint32(54, 0x000000ff, true)
    v.setUint32(58, 0x0000ff00, true)
    v.setUint32(62, 0x00ff0000, true)
    const offset = v.getUint32(10, true)
    for (let i = offset; i + 3 < file.length; i += 4) [file[i], file[i + 2]] = [file[i + 2], file[i]]
    return file
  }

  it('a file with BGR-order masks decodes to the same pixels as the RGB-order one (import and extraction agree)', async () => {
    const rgb = pattern(5, 3)
    const file = bgrMasked(5, 3, rgb)
    expect(await probeImageBuffer(file, 'bgr.bmp')).toEqual({ width: 5, height: 3, format: 'bmp' })
    expect(Array.from((await decodeImageBuffer(file, 'bgr.bmp')).data)).toEqual(Array.from(rgb))
  })

  it('masks that are not whole bytes are refused already by the header probe an import runs', async () => {
    const file = bgrMasked(5, 3, pattern(5, 3))
    new DataView(file.buffer).setUint32(54, 0x3ff00000, true)
    await expect(probeImageBuffer(file, 'ten-bit.bmp')).rejects.toThrow(
      'ten-bit.bmp: unsupported 32-bit BMP colour masks 3ff00000/ff00/ff0000'
    )
  })
})

describe('the pixel limit', () => {
  it('refuses an image over the limit from its header, before decoding (a truncated body is never reached)', async () => {
    const sharp = (await import('sharp')).default
    const png = await sharp({
      create: { width: 2000, height: 1000, channels: 3, background: { r: 9, g: 99, b: 199 } }
    })
      .png()
      .toBuffer()
    const cut = png.subarray(0, 200) // header intact, pixels cut off: decoding would say "truncated"
    const message =
      'big.png: 2000×1000 pixels (2 MP) is over the 1 MP limit (setting images.maxMegapixels); not decoded'
    await expect(decodeImageBuffer(cut, 'big.png', { maxPixels: 1e6 })).rejects.toThrow(message)
    await expect(probeImageBuffer(cut, 'big.png', { maxPixels: 1e6 })).rejects.toThrow(message)
    expect((await decodeImageBuffer(png, 'big.png', { maxPixels: 2e6 })).width).toBe(2000)
  })

  it('refuses a BMP over the limit from its header', async () => {
    const file = encodeBmp({
      width: 40,
      height: 30,
      rgb: new Uint8Array(40 * 30 * 3),
      bitsPerPixel: 24,
      topDown: false
    })
    await expect(decodeImageBuffer(file, 'w.bmp', { maxPixels: 1000 })).rejects.toThrow(
      'w.bmp: 40×30 pixels (0.0012 MP) is over the 0.001 MP limit'
    )
  })
})
