/**
 * Real subject (patient) ids given at import, overriding what the layout says: `--group-by REGEX` (a capture group
 * of each file name) or `--subjects FILE.csv` (a file column and a subject column). Without either, and without
 * subjects from the layout, the split falls back to blocks of neighbouring files (splits/blocks.ts).
 */
import { readFailure, readRegularFileSync } from '../files/regular-file'
import { parseGroupBy, subjectFromPattern } from '../splits/blocks'
import { ImportError } from './files'
import type { PlannedFile } from './layout'

export type SubjectSource = { kind: 'pattern'; pattern: RegExp } | { kind: 'csv'; file: string; text: string }

const FILE_COLUMNS = ['file', 'filename', 'file_name', 'path', 'name', 'image', 'new_names']
const SUBJECT_COLUMNS = ['subject', 'subject_id', 'patient', 'patient_id']

function cells(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
}

/** `file → subject` from a CSV with a header naming one file column and one subject column. */
export function parseSubjectsCsv(file: string, text: string): Map<string, string> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim())
  const header = cells(lines[0] ?? '').map((c) => c.toLowerCase())
  const iFile = header.findIndex((c) => FILE_COLUMNS.includes(c))
  const iSubject = header.findIndex((c) => SUBJECT_COLUMNS.includes(c))
  if (iFile < 0 || iSubject < 0)
    throw new ImportError(
      `${file}: the header needs a file column (${FILE_COLUMNS.join('/')}) and a subject column (${SUBJECT_COLUMNS.join('/')}), found ${header.join(',') || 'nothing'}`
    )
  const out = new Map<string, string>()
  for (const line of lines.slice(1)) {
    const c = cells(line)
    if (c[iFile] && c[iSubject]) out.set(c[iFile].replace(/\\/g, '/'), c[iSubject])
  }
  return out
}

/**
 * Sets each planned file's subject from the source (by relative path, else by file name for a CSV). Files the
 * source does not name keep no subject; a source that names none of the files is an error, since it is almost
 * certainly the wrong expression or file.
 */
export function applySubjects(files: PlannedFile[], source: SubjectSource): PlannedFile[] {
  const csv = source.kind === 'csv' ? parseSubjectsCsv(source.file, source.text) : undefined
  const out = files.map((f) => {
    const subject =
      source.kind === 'pattern'
        ? subjectFromPattern(source.pattern, f.path)
        : (csv!.get(f.path) ?? csv!.get(f.path.slice(f.path.lastIndexOf('/') + 1)) ?? null)
    return { ...f, subject }
  })
  if (files.length && out.every((f) => f.subject === null)) {
    const what =
      source.kind === 'pattern' ? `--group-by ${source.pattern.source} matched` : `${source.file} names`
    throw new ImportError(`${what} none of the ${files.length} file(s) (first: ${files[0].path})`)
  }
  return out
}

/** `--group-by REGEX` or `--subjects FILE.csv` (not both) as a subject source; undefined when neither is given. */
export function subjectSourceFrom(o: { groupBy?: string; subjectsCsv?: string }): SubjectSource | undefined {
  if (o.groupBy !== undefined && o.subjectsCsv !== undefined)
    throw new ImportError('give either --group-by or --subjects, not both')
  if (o.groupBy !== undefined) {
    try {
      return { kind: 'pattern', pattern: parseGroupBy(o.groupBy) }
    } catch (err) {
      throw new ImportError((err as Error).message)
    }
  }
  if (o.subjectsCsv === undefined) return undefined
  try {
    return { kind: 'csv', file: o.subjectsCsv, text: readRegularFileSync(o.subjectsCsv, 'utf8') }
  } catch (err) {
    throw new ImportError(`cannot read the subjects file ${o.subjectsCsv} (${readFailure(err)})`)
  }
}
