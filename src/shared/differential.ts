/**
 * The counted differential's fixed parts — the class for a cell nobody can name, the targets a lab may count to, the
 * key map — with no imports, so the command line loads them without the contract's schema library.
 */

/** The class for a cell nobody can name: always offered, always the last key. */
export const UNIDENTIFIED = 'unidentified'

/** The counts a lab may set as a sample's target (the `differentialTarget` setting). */
export const DIFFERENTIAL_TARGETS = [100, 200] as const
export type DifferentialTarget = (typeof DIFFERENTIAL_TARGETS)[number]
export const DEFAULT_DIFFERENTIAL_TARGET: DifferentialTarget = 100

/** The classes a person can give a cell, in key order: the model's, then `unidentified`. */
export function differentialClasses(modelClasses: readonly string[]): string[] {
  return [...modelClasses.filter((c) => c !== UNIDENTIFIED), UNIDENTIFIED]
}

/** The key map the review screen shows: key "1" is the first class, the last key `unidentified`. */
export function differentialKeys(modelClasses: readonly string[]): { key: string; label: string }[] {
  return differentialClasses(modelClasses)
    .slice(0, 9)
    .map((label, i) => ({ key: String(i + 1), label }))
}
