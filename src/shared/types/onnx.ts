/** What `doctor` (CLI and UI) shows about ONNX Runtime. Plain data: crosses to the renderer. */
export interface OnnxRuntimeStatus {
  /** onnxruntime-node loaded (its CPU library ships in the npm package). */
  available: boolean
  version?: string
  /** Execution providers usable here, fastest first ('cuda' only when its provider library and a GPU are present). */
  providers: ('cuda' | 'cpu')[]
  /** Why the CUDA provider is not usable. */
  cudaWhy?: string
  /** Why ONNX Runtime is not usable at all. */
  why?: string
  /** Per backbone: whether its ONNX export is ready, or why it stays on TF.js. */
  backbones: {
    name: string
    state: 'ready' | 'unsupported' | 'missing' | 'stale' | 'corrupt'
    why?: string
    /** Ready exports only: whether it also gives Grad-CAM's feature map (else Grad-CAM builds the TF.js model). */
    featureMap?: boolean
  }[]
}
