/** One layer the exporter cannot write, and why. */
export interface UnsupportedLayer {
  name: string
  className: string
  reason: string
}

/** The model has layers the exporter does not know: it stays on TF.js, and `doctor` shows this message. */
export class UnsupportedLayerError extends Error {
  constructor(
    readonly modelName: string,
    readonly layers: UnsupportedLayer[]
  ) {
    const list = layers.map((l) => `${l.name} (${l.className}: ${l.reason})`).join('; ')
    super(`cannot export ${modelName} to ONNX, unsupported layer${layers.length > 1 ? 's' : ''}: ${list}`)
    this.name = 'UnsupportedLayerError'
  }
}
