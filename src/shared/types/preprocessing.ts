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

export const Preprocessing = z.object({
  /** Square input side in pixels, e.g. 224. */
  inputSize: z.number(),
  /** `nearest` is PIL's nearest-neighbour, what the published notebook's `load_img` did. */
  resize: ResizeMethod,
  normalize: NormalizeMode
})
export type Preprocessing = z.infer<typeof Preprocessing>
