import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { csvField, neutraliseFormula } from '../../src/main/core/report/csv'
import { reviewOn } from '../helpers/review-on'
import { verifyChain } from '../../src/main/core/review/chain'
import { exportAuditLog } from '../../src/main/services/review'
import { recordScannedCell } from '../helpers/scanned-cell'
import { serviceHarness } from '../helpers/services'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const SHA = 'd'.repeat(64)

/** RFC 4180 fields of one CRLF line (quoted fields may hold commas and doubled quotes). */
function fields(line: string): string[] {
  const out: string[] = []
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g
  for (const m of line.matchAll(re)) {
    out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1])
    if (m[2] === '') break
  }
  return out
}

describe('CSV cells never reach a spreadsheet as formulas', () => {
  it('text beginning with = + - @ tab or CR gets a leading apostrophe; numbers and other text do not', () => {
    for (const s of ['=HYPERLINK("x")', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx'])
      expect(neutraliseFormula(s)).toBe(`'${s}`)
    for (const s of ['ALL', 'a=b', ' =x', "'=x", '']) expect(neutraliseFormula(s)).toBe(s)
    expect(csvField('=1+1')).toBe("'=1+1")
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField(-0.5)).toBe('-0.5')
  })

  it('a reviewer note =HYPERLINK("x") and a reviewer named @SUM(A1) reach the audit export as text', async () => {
    const h = serviceHarness(tmp())
    try {
      await recordScannedCell(h.db, { folder: '/cells', path: '/cells/-a.png', sha256: SHA, pAll: 0.7 })
      await reviewOn(h.db, { sha256: SHA, label: 'HEM', reviewer: '@SUM(A1)', note: '=HYPERLINK("x")' })
      const file = join(tmp(), 'audit.csv')
      await exportAuditLog(h.ctx, { file })
      const [header, line] = readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n')
      const row = Object.fromEntries(fields(header).map((k, i) => [k, fields(line)[i]]))
      expect(row.note).toBe(`'=HYPERLINK("x")`)
      expect(row.reviewer).toBe(`'@SUM(A1)`)
      expect(row.path).toBe('/cells/-a.png')
      expect(row.sha256).toBe(SHA)
      // Each entry with its chain link and hash: the export is checkable on its own.
      expect(row.prev_hash).toBe('0'.repeat(64))
      expect(row.hash).toBe((await verifyChain(h.ctx.store)).lastHash)
    } finally {
      h.close()
    }
  })
})
