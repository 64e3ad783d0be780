import { tf, type LayersModel, type Tensor, type Tensor4D } from '../engine/tf'

/**
 * Finds a backbone's last convolutional feature map — the 4-D tensor that its final GlobalAveragePooling2D
 * reduces — and returns a function computing it. DenseNet121 built in code is functional (`relu` → `avg_pool`);
 * a TF.js layers backbone such as the shared MobileNetV2 nests containers (Input → Sequential[Model, GAP]), so
 * the search descends into the container that produces the output.
 *
 * The returned function shares the backbone's weights: dispose the backbone, never the function's sub-models.
 */

type AnyLayer = LayersModel['layers'][number]

const isContainer = (l: AnyLayer): l is LayersModel =>
  'layers' in l && Array.isArray((l as LayersModel).layers)
const isGap = (l: AnyLayer): boolean => l.getClassName() === 'GlobalAveragePooling2D'

export class FeatureMapError extends Error {
  override name = 'FeatureMapError'
}

/** x [n, s, s, 3] → A [n, h, w, c], where the backbone's output is the global average of A. */
export type FeatureMapFn = (x: Tensor4D) => Tensor4D

export function featureMapOf(model: LayersModel, where = model.name): FeatureMapFn {
  const inner = model.layers.filter((l) => l.getClassName() !== 'InputLayer')
  if (model.getClassName() === 'Sequential') {
    const last = inner[inner.length - 1]
    if (!last) throw new FeatureMapError(`${where}: empty model`)
    const before = inner.slice(0, -1)
    const chain = (x: Tensor): Tensor => before.reduce((t, l) => l.apply(t, { training: false }) as Tensor, x)
    if (isGap(last)) return (x) => chain(x) as Tensor4D
    if (isContainer(last)) {
      const rest = featureMapOf(last, `${where}/${last.name}`)
      return (x) => rest(chain(x) as Tensor4D)
    }
    throw new FeatureMapError(`${where}: ends in ${last.getClassName()}, not GlobalAveragePooling2D`)
  }
  // Functional: an Input feeding one container is a wrapper; look inside.
  if (inner.length === 1 && isContainer(inner[0])) {
    const only = inner[0]
    const rest = featureMapOf(only, `${where}/${only.name}`)
    return rest
  }
  const out = model.outputLayers[0]
  if (!out || !isGap(out))
    throw new FeatureMapError(
      `${where}: output layer is ${out?.getClassName() ?? 'missing'}, not GlobalAveragePooling2D`
    )
  const mapTensor = out.input
  if (Array.isArray(mapTensor) || mapTensor.shape.length !== 4)
    throw new FeatureMapError(`${where}: the pooled tensor is not a single 4-D feature map`)
  const sub = tf.model({ inputs: model.inputs, outputs: mapTensor })
  return (x) => sub.apply(x, { training: false }) as Tensor4D
}
