import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliWith } from '../helpers/cli'
import { queueLab, type QueueLab } from '../helpers/queue-lab'
import { bccdSampleFields } from '../helpers/bccd-fields'
import { ariaFiles, copyInto } from './scan-model.fixture'

/**
 * A queued scan takes the options a plain scan takes: `--fields` (the workers find, crop and classify each field's
 * cells, recorded once with their boxes), `--tta` (eight views per image) and `--out` (written from the shared
 * database once the workers have finished). Each is checked against the same scan run plainly on the
 * workstation's SQLite file: the same cells, the same labels, the same result files.
 */

let root: string
let lab: QueueLab

/** `SELECT` on the shared database. */
async function rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
  return lab.rows<T>(text, values)
}

/** The same query on the workstation's own file. */
function localRows<T>(text: string, ...values: unknown[]): T[] {
  const db = new BetterSqlite3(lab.setup.dirs.db, { readonly: true })
  try {
    return db.prepare(text.replace(/\$\d/g, '?')).all(...values) as T[]
  } finally {
    db.close()
  }
}

const CELLS = `SELECT c.field_path, c.cell, c.x, c.y, c.width, c.height, c.crop_path, p.predicted
  FROM field_cells c JOIN scan_items i ON i.scan_id = c.scan_id AND i.path = c.crop_path
  JOIN predictions p ON p.id = i.prediction_id WHERE c.scan_id = $1 ORDER BY c.field_path, c.cell`
const ITEMS = `SELECT i.path, p.predicted, i.error FROM scan_items i LEFT JOIN predictions p ON p.id = i.prediction_id
  WHERE i.scan_id = $1 ORDER BY i.path`

/**
 * A CSV's lines, sorted, without the columns that name the scan run (its id, when it ran) and the model version's
 * id (the version published to the lab's database is imported there under an id of its own).
 */
function csvContent(file: string): string[] {
  const [head, ...lines] = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
  const cols = head.split(',')
  const keep = cols
    .map((c, i) => (['scan_id', 'scanned_at', 'model_version'].includes(c) ? -1 : i))
    .filter((i) => i >= 0)
  const pick = (line: string) => {
    const cells = line.split(',')
    return keep.map((i) => cells[i]).join(',')
  }
  return [pick(head), ...lines.map(pick).sort()]
}

/** The command line in the lab's data folder, answering in JSON (`json`) or in words (`text`). */
const text = (env: Record<string, string | undefined>, ...args: string[]) =>
  runCliWith(env, '--data-dir', lab.dataDir, ...args)
const json = (env: Record<string, string | undefined>, ...args: string[]) => text(env, '--json', ...args)

const scanIdOf = (r: { out: string; code: number; err: string }): number => {
  expect(r.code, r.err).toBe(0)
  return (JSON.parse(r.out) as { scanId: number }).scanId
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'leukolens-queue-options-'))
  lab = await queueLab(root, 30)
}, 300_000)

afterAll(async () => {
  await lab?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('a queued scan with the options of a plain scan', () => {
  it('--fields: one worker finds, crops and classifies the cells a plain field scan does; --out writes the same files', async () => {
    const fields = bccdSampleFields(join(root, 'fields'))
    const args = ['scan', fields, '--recursive', '--fields']

    const scanId = scanIdOf(await json(lab.env(), ...args, '--queue', '--batch-size', '2'))
    const [queued] = await rows<{ fields: number; crop_style: string }>(
      'SELECT fields, crop_style FROM scans WHERE id = $1',
      [scanId]
    )
    // The model version's own crop style (the tiny model was trained on plain crops), as a plain field scan uses.
    expect(queued).toEqual({ fields: 1, crop_style: 'plain' })
    const worker = lab.startWorker(['--once'])
    const end = await worker.done
    expect(end.err).not.toMatch(/failed/)
    expect(end.code).toBe(0)
    const queuedOut = join(root, 'queued-fields.csv')
    const waited = await json(lab.env(), 'scan', '--wait', String(scanId), '--out', queuedOut)
    expect(waited.code).toBe(0)
    expect(JSON.parse(waited.out)).toMatchObject({ unreadable: 1, csv: queuedOut })

    const plainOut = join(root, 'plain-fields.csv')
    const plainId = scanIdOf(await json(lab.alone(), ...args, '--out', plainOut))

    const queuedCells = await rows<Record<string, unknown>>(CELLS, [scanId])
    const plainCells = localRows<Record<string, unknown>>(CELLS, plainId)
    expect(plainCells.length).toBeGreaterThan(3)
    expect(queuedCells).toEqual(plainCells)
    expect(await rows(ITEMS, [scanId])).toEqual(localRows(ITEMS, plainId))
    // The fields without a cell, and the unreadable one, are the scan's as well.
    const empty = 'SELECT field_path FROM field_scan_empty WHERE scan_id = $1 ORDER BY field_path'
    expect(await rows(empty, [scanId])).toEqual(localRows(empty, plainId))

    expect(csvContent(queuedOut)).toEqual(csvContent(plainOut))
    expect(csvContent(join(root, 'queued-fields-samples.csv'))).toEqual(
      csvContent(join(root, 'plain-fields-samples.csv'))
    )

    // Each cell once, even when the batches are done again (their jobs came round after a lapsed lease) by a worker
    // on another workstation, whose crops are in its own data folder: it finds the fields recorded and records
    // nothing — no second crop path for a cell.
    await rows("UPDATE scan_batches SET state = 'queued' WHERE scan_id = $1", [scanId])
    await rows("UPDATE scans SET status = 'running' WHERE id = $1", [scanId])
    const [{ n: jobs }] = await rows<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'leukolens-scan-batch' AND data->>'scanId' = $1",
      [String(scanId)]
    )
    expect(jobs).toBeGreaterThan(0)
    await rows(
      "UPDATE pgboss.job SET state = 'created' WHERE name = 'leukolens-scan-batch' AND data->>'scanId' = $1",
      [String(scanId)]
    )
    const elsewhere = lab.startWorker(['--once'], join(root, 'other-workstation'))
    const again = await elsewhere.done
    expect(again.code, again.err).toBe(0)
    const attempts = await rows<{ attempts: number }>(
      'SELECT attempts FROM scan_batches WHERE scan_id = $1',
      [scanId]
    )
    expect(attempts.map((a) => a.attempts)).toEqual(attempts.map(() => 2))
    expect(await rows<Record<string, unknown>>(CELLS, [scanId])).toEqual(plainCells)
    expect(await rows(ITEMS, [scanId])).toEqual(localRows(ITEMS, plainId))
  })

  it('--tta --queue --wait --out: the labels and result files of a plain --tta scan', async () => {
    const folder = join(root, 'cells')
    copyInto(folder, [...ariaFiles('Benign', 6, 60), ...ariaFiles('Early', 6, 60)])
    const worker = lab.startWorker()
    const queuedOut = join(root, 'queued-tta.csv')
    const q = await json(
      lab.env(),
      'scan',
      folder,
      '--tta',
      '--queue',
      '--wait',
      '--out',
      queuedOut,
      '--batch-size',
      '5'
    )
    worker.child.kill('SIGTERM')
    expect((await worker.done).code).toBe(0)
    const scanId = scanIdOf(q)
    expect(JSON.parse(q.out)).toMatchObject({ files: 12, computed: 12, csv: queuedOut })
    const plainOut = join(root, 'plain-tta.csv')
    const plainId = scanIdOf(await json(lab.alone(), 'scan', folder, '--tta', '--out', plainOut))

    const TTA =
      'SELECT i.path, p.predicted, p.tta FROM scan_items i JOIN predictions p ON p.id = i.prediction_id WHERE i.scan_id = $1 ORDER BY i.path'
    const queued = await rows<{ tta: number }>(TTA, [scanId])
    expect(queued.map((r) => r.tta)).toEqual(Array(12).fill(1))
    expect(queued).toEqual(localRows(TTA, plainId))
    expect(csvContent(queuedOut)).toEqual(csvContent(plainOut))
  })

  it('refuses --out without --wait, and --wait ID with options of its own, in one sentence', async () => {
    const r = await text(lab.env(), 'scan', root, '--queue', '--out', join(root, 'x.csv'))
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--out needs --wait: the file is written once the workers have finished/)
    const w = await text(lab.env(), 'scan', '--wait', '1', '--tta')
    expect(w.code).toBe(2)
    expect(w.err).toMatch(/--tta cannot change them/)
  })
})
