import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  csvField,
  csvLine,
  historyTable,
  writeCsvFile,
  writeHistoryCsv
} from '../../src/main/core/report/csv'
import type { HistoryRow } from '../../src/shared/types/scan'
import { useTmpDirs } from '../helpers/tmp'

/** A strict RFC 4180 reader, independent of the writer, to check what a spreadsheet would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`)
      quoted = true
    } else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else if (ch === '\n' || ch === '\r') throw new Error(`bare line break outside quotes at ${i}`)
    else field += ch
  }
  if (quoted) throw new Error('unterminated quote')
  if (field !== '' || row.length) throw new Error('last line without CRLF')
  return rows
}

const ODD_NAMES = [
  '/data/plain.png',
  '/data/a,b.png',
  '/data/say "hi".png',
  '/data/line\nbreak.png',
  '/data/crlf\r\nname.png',
  '/data/Zellen_Größe_細胞_🧪.png',
  ' /data/leading space.png',
  '/data/"",,"".png'
]

function row(path: string, i: number): HistoryRow {
  return {
    scanId: 3,
    path,
    sha256: String(i).padStart(64, 'a'),
    prediction: {
      id: i,
      sha256: String(i).padStart(64, 'a'),
      modelId: 'm-1',
      classes: ['ALL', 'HEM'],
      probabilities: [0.91234567, 0.08765433],
      predicted: 'ALL',
      confidence: 0.91234567,
      flagged: false,
      tta: true,
      backend: 'wasm',
      scannedAt: '2026-11-25T10:00:00.000Z'
    },
    review:
      i === 2
        ? {
            label: 'HEM',
            reviewer: 'Dr. O\'Brien, "lab 2"',
            note: 'blurred,\nre-check',
            reviewedAt: '2026-11-25T11:00:00.000Z'
          }
        : null
  }
}

describe('CSV writing', () => {
  const tmp = useTmpDirs()

  it('quotes exactly the fields that need it and doubles inner quotes', () => {
    expect(csvField('abc')).toBe('abc')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('x\ny')).toBe('"x\ny"')
    expect(csvField(' pad')).toBe('" pad"')
    expect(csvField('Größe')).toBe('Größe')
    expect(csvField(null)).toBe('')
    expect(csvField(undefined)).toBe('')
    expect(csvField(0.5)).toBe('0.5')
    expect(csvField(Number.NaN)).toBe('')
    expect(csvField(true)).toBe('true')
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n')
  })

  it('round-trips odd file names through a file (commas, quotes, newlines, non-ASCII) with a UTF-8 BOM', () => {
    const file = join(tmp(), 'out.csv')
    const n = writeCsvFile(
      file,
      ['path', 'n'],
      ODD_NAMES.map((p, i) => [p, i])
    )
    expect(n).toBe(ODD_NAMES.length)
    const bytes = readFileSync(file)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const parsed = parseCsv(bytes.toString('utf8').slice(1))
    expect(parsed[0]).toEqual(['path', 'n'])
    expect(parsed.slice(1).map((r) => r[0])).toEqual(ODD_NAMES)
    expect(parsed.slice(1).map((r) => Number(r[1]))).toEqual(ODD_NAMES.map((_, i) => i))
  })

  it('writes the scan export columns: p_<class> per class and the review columns', () => {
    const rows = ODD_NAMES.map(row)
    rows[1] = {
      ...rows[1],
      prediction: {
        ...rows[1].prediction,
        flagged: true,
        ood: true,
        oodScore: 41.2345678,
        flagReason: 'unlike the training images'
      }
    }
    const t = historyTable(rows)
    expect(t.header).toEqual([
      'path',
      'sha256',
      'predicted',
      'confidence',
      'p_ALL',
      'p_HEM',
      'flagged',
      'ood',
      'ood_score',
      'flag_reason',
      'model_version',
      'tta',
      'backend',
      'scanned_at',
      'scan_id',
      'reviewed_label',
      'reviewer',
      'review_note',
      'reviewed_at'
    ])
    const file = join(tmp(), 'history.csv')
    writeHistoryCsv(file, rows)
    const parsed = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))
    const header = parsed[0]
    const col = (r: string[], name: string) => r[header.indexOf(name)]
    expect(parsed).toHaveLength(rows.length + 1)
    for (const r of parsed) expect(r).toHaveLength(header.length)
    const reviewed = parsed[3]
    expect(col(reviewed, 'path')).toBe(ODD_NAMES[2])
    expect(col(reviewed, 'reviewed_label')).toBe('HEM')
    expect(col(reviewed, 'reviewer')).toBe('Dr. O\'Brien, "lab 2"')
    expect(col(reviewed, 'review_note')).toBe('blurred,\nre-check')
    expect(col(parsed[1], 'reviewed_label')).toBe('')
    expect(Number(col(parsed[1], 'p_ALL'))).toBeCloseTo(0.912346, 6)
    expect(col(parsed[1], 'flagged')).toBe('false')
    expect(col(parsed[1], 'model_version')).toBe('m-1')
    expect(col(parsed[1], 'ood')).toBe('')
    expect([col(parsed[2], 'ood'), col(parsed[2], 'ood_score'), col(parsed[2], 'flag_reason')]).toEqual([
      'true',
      '41.234568',
      'unlike the training images'
    ])
  })

  it('gives a class column to every class any row has, blank where a model lacks it', () => {
    const a = row('/a.png', 1)
    const b = row('/b.png', 2)
    b.prediction = {
      ...b.prediction,
      classes: ['Benign', 'Early', 'Pre'],
      probabilities: [0.2, 0.3, 0.5],
      predicted: 'Pre'
    }
    const t = historyTable([a, b])
    expect(t.header.filter((h) => h.startsWith('p_'))).toEqual([
      'p_ALL',
      'p_HEM',
      'p_Benign',
      'p_Early',
      'p_Pre'
    ])
    expect(t.lines[0].slice(4, 9)).toEqual([0.912346, 0.087654, null, null, null])
    expect(t.lines[1].slice(4, 9)).toEqual([null, null, 0.2, 0.3, 0.5])
  })
})
