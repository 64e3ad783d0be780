/** What `doctor` (CLI and UI) shows about ONNX Runtime. Plain data: crosses to the renderer. */
import { z } from 'zod'

export const OnnxRuntimeStatus = z.object({
  /** onnxruntime-node loaded (its CPU library ships in the npm package). */
  available: z.boolean(),
  version: z.string().optional(),
  /** Execution providers usable here, fastest first ('cuda' only when its provider library and a GPU are present). */
  providers: z.array(z.enum(['cuda', 'cpu'])),
  /** Why the CUDA provider is not usable. */
  cudaWhy: z.string().optional(),
  /** Why ONNX Runtime is not usable at all. */
  why: z.string().optional(),
  /** Per backbone: whether its ONNX export is ready, or why it stays on TF.js. */
  backbones: z.array(
    z.object({
      name: z.string(),
      state: z.enum(['ready', 'unsupported', 'missing', 'stale', 'corrupt']),
      why: z.string().optional(),
      /** Ready exports only: whether it also gives Grad-CAM's feature map (else Grad-CAM builds the TF.js model). */
      featureMap: z.boolean().optional()
    })
  )
})
export type OnnxRuntimeStatus = z.infer<typeof OnnxRuntimeStatus>
