/** A file that cannot be used as an image. `reason` is one short phrase a user can act on. */
export class ImageReadError extends Error {
  override name = 'ImageReadError'
  constructor(
    readonly path: string,
    readonly reason: string
  ) {
    super(`${path}: ${reason}`)
  }
}

/** A decoded image: 8-bit RGB, row-major, height × width × 3 (HWC). */
export interface DecodedImage {
  data: Uint8Array
  width: number
  height: number
  /** The container format read: 'bmp' | 'png' | 'jpeg' | 'tiff'. */
  format: ImageFormat
}

export type ImageFormat = 'bmp' | 'png' | 'jpeg' | 'tiff'
