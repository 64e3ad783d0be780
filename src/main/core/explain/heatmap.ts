import sharp from 'sharp'

/**
 * Turning a coarse Grad-CAM grid (7×7 for DenseNet121 at 224) into pictures: bilinear upsampling to the image
 * size, a colour map, an overlay blended on the cell, and PNG files written with sharp.
 */

/**
 * Bilinear resize of a row-major h×w map to outH×outW with pixel centres aligned (as image resizers do), so a
 * peak in grid cell (y, x) lands over the same region of the image.
 */
export function upsampleBilinear(
  map: ArrayLike<number>,
  h: number,
  w: number,
  outH: number,
  outW: number
): Float32Array {
  const out = new Float32Array(outH * outW)
  for (let oy = 0; oy < outH; oy++) {
    const sy = Math.min(h - 1, Math.max(0, ((oy + 0.5) * h) / outH - 0.5))
    const y0 = Math.floor(sy)
    const y1 = Math.min(h - 1, y0 + 1)
    const fy = sy - y0
    for (let ox = 0; ox < outW; ox++) {
      const sx = Math.min(w - 1, Math.max(0, ((ox + 0.5) * w) / outW - 0.5))
      const x0 = Math.floor(sx)
      const x1 = Math.min(w - 1, x0 + 1)
      const fx = sx - x0
      const top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx
      const bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx
      out[oy * outW + ox] = top * (1 - fy) + bottom * fy
    }
  }
  return out
}

/** One channel of "jet": 255 · clamp(1.5 − |4t − x|, 0, 1), rounded. */
function jetChannel(t: number, x: number): number {
  const v = 1.5 - Math.abs(4 * t - x)
  return v <= 0 ? 0 : v >= 1 ? 255 : Math.round(255 * v)
}

/** The "jet" colour map (blue → cyan → yellow → red) for a value in [0, 1]; the convention of Grad-CAM figures. */
export function jet(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, v))
  return [jetChannel(t, 3), jetChannel(t, 2), jetChannel(t, 1)]
}

// colorize and overlay run per pixel of the full image (200k for a C-NMC cell): they write the channels in
// place rather than through jet()'s array, which made them ~10× slower.

/** RGB (HWC uint8) picture of a map in [0, 1]. */
export function colorize(map: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(map.length * 3)
  for (let i = 0; i < map.length; i++) {
    const t = Math.min(1, Math.max(0, map[i]))
    out[i * 3] = jetChannel(t, 3)
    out[i * 3 + 1] = jetChannel(t, 2)
    out[i * 3 + 2] = jetChannel(t, 1)
  }
  return out
}

/**
 * Blends the coloured map over the image: each pixel's weight grows with the map's value, so regions the class
 * does not rely on stay as they were and the cell remains recognisable.
 */
export function overlay(rgb: Uint8Array, map: ArrayLike<number>, maxAlpha = 0.6): Uint8Array {
  if (rgb.length !== map.length * 3)
    throw new RangeError(`image has ${rgb.length / 3} pixels, map has ${map.length}`)
  const out = new Uint8Array(rgb.length)
  for (let i = 0; i < map.length; i++) {
    const v = Math.min(1, Math.max(0, map[i]))
    const a = maxAlpha * Math.sqrt(v)
    out[i * 3] = Math.round(rgb[i * 3] * (1 - a) + jetChannel(v, 3) * a)
    out[i * 3 + 1] = Math.round(rgb[i * 3 + 1] * (1 - a) + jetChannel(v, 2) * a)
    out[i * 3 + 2] = Math.round(rgb[i * 3 + 2] * (1 - a) + jetChannel(v, 1) * a)
  }
  return out
}

export async function writeRgbPng(
  file: string,
  rgb: Uint8Array,
  width: number,
  height: number
): Promise<void> {
  await sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), {
    raw: { width, height, channels: 3 }
  })
    .png()
    .toFile(file)
}
