/**
 * C-NMC 2019 file names: `UID_<subject>_<image>_<cell>_<all|hem>.bmp`. ALL subjects are numbers (`UID_2_…`);
 * HEM subjects carry an `H`, written in either case in the published set (`UID_H1_…`, `UID_h3_…`).
 */
export interface CnmcName {
  /** Normalised to upper case, e.g. `2`, `H3`. */
  subject: string
  image: number
  cell: number
  /** The class written in the name, `ALL` or `HEM`. */
  label: 'ALL' | 'HEM'
}

const PATTERN = /^UID_(H?\d+)_(\d+)_(\d+)_(all|hem)\.bmp$/i

export function parseCnmcName(fileName: string): CnmcName | null {
  const m = PATTERN.exec(fileName)
  if (!m) return null
  return {
    subject: m[1].toUpperCase(),
    image: Number(m[2]),
    cell: Number(m[3]),
    label: m[4].toUpperCase() as 'ALL' | 'HEM'
  }
}

/** The subject of any file whose name follows the C-NMC pattern, whatever folder it sits in. */
export function subjectFromName(fileName: string): string | null {
  return parseCnmcName(fileName)?.subject ?? null
}
