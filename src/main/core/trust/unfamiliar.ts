/**
 * Whether one image looks unlike a model version's training data, and why: its features far from the training
 * features (the OOD score), or the file unlike the training files (the image checks). One function for the scan
 * pipeline and for Grad-CAM, so that `explain` and a quick check warn on exactly what a scan flags.
 */
import type { ImageProfile } from '../../../shared/types/trust'
import { imageReasons, type ImageCheckOptions, type ImageHeader } from './image-checks'
import { oodScores, type OodDetector } from './profile'

export interface UnfamiliarReference {
  detector: OodDetector
  oodThreshold: number
  images: ImageProfile
}

export interface Unfamiliarity {
  score: number
  /** Empty when the image looks like the training data. */
  reasons: string[]
}

/** `features`: the image's plain-view feature row [dim]. */
export function unfamiliarity(
  ref: UnfamiliarReference,
  features: ArrayLike<number>,
  dim: number,
  header: ImageHeader | undefined,
  opts: ImageCheckOptions = {}
): Unfamiliarity {
  const score = oodScores(ref.detector, features, dim)[0]
  const reasons: string[] = []
  if (score > ref.oodThreshold)
    reasons.push(`unlike the training images (score ${score.toFixed(1)} > ${ref.oodThreshold.toFixed(1)})`)
  reasons.push(...imageReasons(header, ref.images, opts))
  return { score, reasons }
}
