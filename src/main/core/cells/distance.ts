/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher, 2012): for every pixel, the squared distance
 * to the nearest pixel where `mask` is 0. Two 1-D lower-envelope passes, O(pixels). Written by hand rather than
 * taken from OpenCV's WebAssembly build: that build takes seconds to load (13 MB of JS) and this transform is
 * the only non-trivial operation the finder needs; the binary morphology below is thresholds on it, so every
 * structuring element is an exact disk.
 */
const INF = 1e20

function transform1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0
  v[0] = 0
  z[0] = -INF
  z[1] = INF
  for (let q = 1; q < n; q++) {
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k])
    while (s <= z[k]) {
      k--
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k])
    }
    k++
    v[k] = q
    z[k] = s
    z[k + 1] = INF
  }
  k = 0
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++
    const dq = q - v[k]
    d[q] = dq * dq + f[v[k]]
  }
}

/** Squared distance from each pixel to the nearest 0 of `mask` (0 on the 0 pixels). Outside the image counts as 1. */
export function squaredDistance(mask: Uint8Array, width: number, height: number): Float32Array {
  const n = Math.max(width, height)
  const f = new Float64Array(n)
  const d = new Float64Array(n)
  const v = new Int32Array(n)
  const z = new Float64Array(n + 1)
  const out = new Float32Array(width * height)
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = mask[y * width + x] ? INF : 0
    transform1d(f, height, d, v, z)
    for (let y = 0; y < height; y++) out[y * width + x] = d[y]
  }
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) f[x] = out[row + x]
    transform1d(f, width, d, v, z)
    for (let x = 0; x < width; x++) out[row + x] = d[x]
  }
  return out
}

/** Distance (not squared) from each pixel to the nearest 0 of `mask`. */
export function distance(mask: Uint8Array, width: number, height: number): Float32Array {
  const sq = squaredDistance(mask, width, height)
  for (let i = 0; i < sq.length; i++) sq[i] = Math.sqrt(sq[i])
  return sq
}

function invert(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length)
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? 0 : 1
  return out
}

/** Dilation by a disk of radius r (pixels): every pixel within r of a set pixel. */
export function dilate(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const sq = squaredDistance(invert(mask), width, height)
  const r2 = r * r
  const out = new Uint8Array(mask.length)
  for (let i = 0; i < out.length; i++) out[i] = sq[i] <= r2 ? 1 : 0
  return out
}

/** Erosion by a disk of radius r: set pixels farther than r from every unset pixel. */
export function erode(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const sq = squaredDistance(mask, width, height)
  const r2 = r * r
  const out = new Uint8Array(mask.length)
  for (let i = 0; i < out.length; i++) out[i] = sq[i] > r2 ? 1 : 0
  return out
}

/** Closing (dilate then erode): fills gaps and notches narrower than 2r. */
export function close(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  return erode(dilate(mask, width, height, r), width, height, r)
}

/** Opening (erode then dilate): removes specks and spurs thinner than 2r. */
export function open(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  return dilate(erode(mask, width, height, r), width, height, r)
}
