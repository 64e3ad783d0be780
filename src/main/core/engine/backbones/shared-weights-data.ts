import type { KerasWeightsLayout } from '../keras/detect'
import type { PackedLayerWeights } from '../keras/packed-weights'

// The shape alone, apart from the reader in shared-weights.ts: the backbone spec carries these weights, and the
// reader takes a spec, so with the type beside the reader the two modules would import each other.

/** A backbone's weights as plain data, handed to every extraction worker (see shared-weights.ts). */
export interface SharedBackboneWeights {
  kind: 'keras-densenet121'
  /** The file they were read from (errors name it; the model loader checks it is the spec's file). */
  file: string
  layout: KerasWeightsLayout
  packed: PackedLayerWeights
}
