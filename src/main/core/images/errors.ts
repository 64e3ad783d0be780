import { FileProblemError } from '../file-error'

/** A file that cannot be used as an image. `reason` is one short phrase a user can act on. */
export class ImageReadError extends FileProblemError {
  override name = 'ImageReadError'
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
