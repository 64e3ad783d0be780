/**
 * The model calls of the contract: training, the model registry, evaluation and comparison. Spread into CALLS
 * (contract.ts); kept in their own file so the contract stays readable.
 */
import { z } from 'zod'
import { call, jobId, saveToken } from './call'
import { Evaluation, ModelComparison } from '../types/researcher'
import { ModelAgreement } from '../types/trust'
import { ModelView, TrainOptions, TrainResult } from '../views'
import { exactObject, int, none, text } from '../wire'

export const MODEL_CALLS = {
  'training:start': call(exactObject({ jobId, options: TrainOptions }), TrainResult),
  'models:list': call(none, z.array(ModelView)),
  'models:activate': call(exactObject({ id: text(100) }), z.void()),
  'models:rename': call(exactObject({ id: text(100), name: text(200) }), z.void()),
  'models:export': call(exactObject({ id: text(100), saveToken }), z.string()),
  /** A Leukolens archive, or the notebook's Keras model (`.keras`, legacy `.h5`); `classes` names a Keras model's outputs in order. */
  'models:import': call(
    exactObject({
      file: text(),
      name: text(200).optional(),
      classes: z.array(text(200)).max(100).optional()
    }),
    ModelView
  ),
  'models:delete': call(exactObject({ id: text(100) }), z.void()),
  /** Reviewers' agreement with a version in use, flagged and unflagged cells apart, and how it moved by day. */
  'models:agreement': call(exactObject({ id: text(100) }), ModelAgreement),
  'models:evaluate': call(
    exactObject({ jobId, id: text(100), dataset: text(200), split: z.enum(['test', 'all']) }),
    Evaluation
  ),
  /** Two versions' answers on the images of one scan, and where they disagree. */
  'models:compare': call(exactObject({ scanId: int(1), a: text(100), b: text(100) }), ModelComparison)
}
