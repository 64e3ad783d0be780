/**
 * The data calls of the contract: datasets (import, split, delete) and backbones (add, int8 copy, remove). Spread
 * into CALLS (contract.ts); kept in their own file so the contract stays readable.
 */
import { z } from 'zod'
import { call, jobId } from './call'
import { DatasetListItem, ImportSummary, SplitSummary } from '../types/datasets'
import { BackboneSummary, QuantizeBackboneResult } from '../types/engine'
import { NormalizeMode } from '../types/preprocessing'
import { DatasetDetail } from '../views'
import { exactObject, int, none, text } from '../wire'

export const DATA_CALLS = {
  'datasets:list': call(none, z.array(DatasetListItem)),
  'datasets:get': call(exactObject({ name: text(200) }), DatasetDetail),
  'datasets:import': call(
    exactObject({ jobId, folder: text(), name: text(200).optional(), map: text(2000).optional() }),
    ImportSummary
  ),
  'datasets:split': call(exactObject({ name: text(200), seed: int().optional() }), SplitSummary),
  'datasets:delete': call(exactObject({ name: text(200) }), z.void()),
  'backbones:list': call(none, z.array(BackboneSummary)),
  'backbones:add': call(
    exactObject({
      path: text(),
      name: text(200),
      normalize: NormalizeMode.optional(),
      inputSize: int(16, 2048).optional()
    }),
    BackboneSummary
  ),
  /** An int8 copy of a backbone calibrated on a dataset's images (Settings: "make a faster int8 copy"). */
  'backbones:quantize': call(
    exactObject({
      jobId,
      backbone: text(200),
      dataset: text(200),
      images: int(8, 100_000).optional(),
      name: text(200).optional()
    }),
    QuantizeBackboneResult
  ),
  'backbones:remove': call(exactObject({ name: text(200) }), z.void())
}
