import { describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/core/db/database'
import { dataDir } from '../../../src/main/core/paths'
import { runCliWith } from '../../helpers/cli'
import { storeScan } from '../../helpers/stored-scan'
import { reviewOn } from '../../helpers/review-on'
import { useTmpDirs } from '../../helpers/tmp'

/** `leukolens validate` on a stored scan of three samples (sub-folders), against a reference CSV. */
describe('leukolens validate', () => {
  const tmp = useTmpDirs()

  it('reports agreement, kappa, blast sensitivity/specificity and per-sample method comparison, in text and HTML', async () => {
    const dir = tmp()
    const data = join(dir, 'data')
    const folder = join(dir, 'slides')
    const db = openDatabase(dataDir(data).db)
    const preds: { path: string; predicted: string }[] = []
    const ref: string[] = ['file,class']
    // 4 cells a sample; reference ALL for the first k of each; the model calls the 4th cell ALL whatever it is
    for (const [sample, blasts] of [
      ['p<1>', 2],
      ['p2', 1],
      ['p3', 4]
    ] as const)
      for (let i = 0; i < 4; i++) {
        const path = join(folder, sample, `c${i}.png`)
        const reference = i < blasts ? 'Early' : 'Benign'
        const truth = reference === 'Early' ? 'ALL' : 'HEM'
        preds.push({ path, predicted: i === 3 ? 'ALL' : truth })
        ref.push(`${sample}/c${i}.png,${reference}`)
      }
    const scanId = await storeScan(db, folder, preds)
    db.close()
    const csv = join(dir, 'manual.csv')
    writeFileSync(csv, ref.join('\n'))
    const out = join(dir, 'validation.html')
    const env = {}
    const validate = (...a: string[]) =>
      runCliWith(env, '--data-dir', data, 'validate', '--scan', String(scanId), ...a)
    const r = await validate('--reference', csv, '--map', 'Benign=HEM,Early=ALL', '--out', out)
    expect(r.code, r.err).toBe(0)
    // p3's 4th cell is ALL in the reference too: 2 errors of 12. By hand: po = 10/12, pe = (7·9 + 5·3)/144,
    // kappa = (po − pe)/(1 − pe) = 0.636
    expect(r.out).toContain('agreement 83.3% (10/12, 95% CI 55.2–95.3%)')
    expect(r.out).toContain("Cohen's kappa 0.636")
    expect(r.out).toContain('ALL: sensitivity 100.0% (7/7')
    expect(r.out).toContain('specificity 60.0% (3/5')
    expect(r.out).toContain('sample p2: ALL model 50.0% (2/4')
    expect(r.out).toContain('Bland–Altman (model − reference, points): bias 16.67')
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('<th>p&lt;1&gt;</th>')
    expect(html).not.toContain('p<1>')
    expect(html).toContain('Passing–Bablok')
    expect(html).toContain('Approved for use by')

    const none = await validate('--reviewed')
    expect(none.code).toBe(2)
    expect(none.err).toContain('no cell of scan')
    // one reviewed cell: the study says it covers a selection
    const again = openDatabase(dataDir(data).db)
    const sha = again
      .prepare('SELECT sha256 FROM scan_items WHERE path = ?')
      .pluck()
      .get(join(folder, 'p2', 'c3.png')) as string
    await reviewOn(again, { sha256: sha, label: 'HEM', reviewer: 'anna' })
    again.close()
    const reviewed = await validate('--reviewed')
    expect(reviewed.code, reviewed.err).toBe(0)
    expect(reviewed.out).toContain('1 of 12 classified cells compared (11 without a reference)')
    expect(reviewed.out).toContain('note: Only reviewed cells are compared')
    expect(reviewed.out).toContain('agreement 0.0% (0/1')
    const both = await validate()
    expect(both.code).toBe(2)
    expect(both.err).toContain('--reference CSV, --reviewed or --counts CSV')

    // the manual differential of each slide against the model's share over all the slide's cells
    const counts = join(dir, 'manual-counts.csv')
    writeFileSync(counts, 'sample,cells,blasts\np<1>,200,90\np2,200,30\np3,100,100\nold,100,3\n')
    const m = await validate('--counts', counts)
    expect(m.code, m.err).toBe(0)
    expect(m.out).toContain('sample p2: ALL model 50.0% (2/4, 95% CI 15.0–85.0%), reference 15.0% (30/200')
    expect(m.out).not.toContain('agreement')
    // points: 75−45, 50−15, 100−100 → bias 21.67
    expect(m.out).toContain('bias 21.67')
    writeFileSync(counts, 'sample,cells,blasts\np2,20,30\n')
    const bad = await validate('--counts', counts)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain(
      'line 2: expected a sample, a whole number of cells ≥ 1 and of blasts between 0 and the cells'
    )
  })
})
