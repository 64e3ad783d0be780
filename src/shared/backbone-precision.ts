import type { BackboneFile, BackbonePrecision } from './types/engine'

/** What makes a backbone an int8 one: this record among its checksummed files (engine/backbones/int8-record.ts). */
export const INT8_RECORD_FILE = 'quantization.json'

/** A backbone's precision, read from its file list alone (the query modules need no engine code for it). */
export function precisionOf(files: readonly BackboneFile[]): BackbonePrecision {
  return files.some((f) => f.name === INT8_RECORD_FILE) ? 'int8' : 'fp32'
}
