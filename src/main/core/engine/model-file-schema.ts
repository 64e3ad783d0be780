/**
 * Schemas of the JSON inside model files from elsewhere: a Keras `.keras` `config.json` (as far as the head
 * import reads it) and a TF.js `model.json`'s weights manifest. A wrong type anywhere becomes one sentence naming
 * the file, the entry and the field, instead of a TypeError from deep inside the reader (`layers.filter is not a
 * function`, `Cannot read properties of null`).
 */
import { z } from 'zod'
import { firstIssue } from './models/archive-schema'

const finite = z.number({ error: 'must be a finite number' })

const kerasLayerSchema = z.looseObject({
  class_name: z.string().min(1).max(200),
  config: z.looseObject({
    name: z.string().min(1).max(200),
    units: z.number().int().min(1).max(65536).optional(),
    activation: z.string().max(60).optional(),
    rate: finite.min(0).max(1).optional(),
    momentum: finite.optional(),
    epsilon: finite.optional(),
    kernel_regularizer: z
      .looseObject({ config: z.looseObject({ l2: finite.optional() }).optional() })
      .nullable()
      .optional()
  })
})

export type KerasLayerConfig = z.infer<typeof kerasLayerSchema>

const kerasConfigSchema = z.looseObject({
  config: z.looseObject({ layers: z.array(kerasLayerSchema).min(1, 'the model has no layers') })
})

/**
 * The model's top-level layers from a parsed `config.json`; undefined when there is no config at all (a
 * weights-only file). `label` names the file and entry in the error.
 */
export function kerasConfigLayers(label: string, config: unknown): KerasLayerConfig[] | undefined {
  if (config === undefined) return undefined
  const parsed = kerasConfigSchema.safeParse(config)
  if (!parsed.success) throw new Error(`${label}: ${firstIssue(parsed.error)}`)
  return parsed.data.config.layers
}

const weightSpecSchema = z.looseObject({
  name: z.string().min(1),
  shape: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(1 << 24)
    )
    .max(8),
  dtype: z.enum(['float32', 'int32', 'uint8', 'bool', 'string', 'complex64']),
  quantization: z.looseObject({ dtype: z.enum(['uint8', 'uint16', 'float16']) }).optional()
})

export const weightsManifestSchema = z
  .array(z.looseObject({ paths: z.array(z.string().min(1)).min(1), weights: z.array(weightSpecSchema) }))
  .min(1)

/** `error` as "weightsManifest[0].paths: …" for a one-sentence message. */
export const manifestIssue = (error: z.ZodError): string =>
  `weightsManifest${firstIssue(error)
    .replace(/^value/, '')
    .replace(/^([^[:])/, '.$1')}`
