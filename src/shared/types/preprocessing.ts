/**
 * How an image becomes a model input. Recorded with every backbone and model version, so that a scan
 * preprocesses exactly as the training did.
 */
import { z } from 'zod'

export const ResizeMethod = z.enum(['nearest', 'antialias'])
export type ResizeMethod = z.infer<typeof ResizeMethod>
/** `torch`: x/255, minus ImageNet mean, divided by std (DenseNet). `tf`: x/127.5 - 1 (MobileNet). */
export const NormalizeMode = z.enum(['torch', 'tf'])
export type NormalizeMode = z.infer<typeof NormalizeMode>

/** How a cell cut from a whole field looks to a model (see Preprocessing.cropStyle). */
export const CropStyle = z.enum(['masked', 'plain'])
export type CropStyle = z.infer<typeof CropStyle>

export const Preprocessing = z.object({
  /** Square input side in pixels, e.g. 224. */
  inputSize: z.number(),
  /** `nearest` is PIL's nearest-neighbour, what the published notebook's `load_img` did. */
  resize: ResizeMethod,
  normalize: NormalizeMode,
  /**
   * How a cell found in a whole field is cut out for this model: `masked` (square, centred, black outside the
   * cell: what a model trained on segmented cells on black, like C-NMC, has seen) or `plain` (the square of the
   * field as it is). Set at training time from what the training images look like; absent on versions made
   * before it existed, which are read as `masked`.
   */
  cropStyle: CropStyle.optional()
})
export type Preprocessing = z.infer<typeof Preprocessing>
