/**
 * How an image becomes a model input. Recorded with every backbone and model version, so that a scan
 * preprocesses exactly as the training did.
 */
export type ResizeMethod = 'nearest' | 'antialias'
/** `torch`: x/255, minus ImageNet mean, divided by std (DenseNet). `tf`: x/127.5 - 1 (MobileNet). */
export type NormalizeMode = 'torch' | 'tf'

export interface Preprocessing {
  /** Square input side in pixels, e.g. 224. */
  inputSize: number
  /** `nearest` is PIL's nearest-neighbour, what the published notebook's `load_img` did. */
  resize: ResizeMethod
  normalize: NormalizeMode
}
