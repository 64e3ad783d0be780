import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { join } from 'node:path'
import type {
  DatasetDetails,
  DatasetListItem,
  ImportSummary,
  SplitSummary
} from '../../src/shared/types/datasets'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'
import { runCli } from '../helpers/cli'

const run = runCli

describe('leukolens import / datasets / split', () => {
  const tmp = useTmpDirs()
  let dataDir = ''
  beforeEach(() => {
    dataDir = tmp()
  })
  afterEach(() => vi.restoreAllMocks())

  it('imports cnmc-samples, lists, shows, re-splits and deletes it, with --json output', async () => {
    const imported = await run('--data-dir', dataDir, '--json', 'import', sharedPath('data/cnmc-samples'))
    expect(imported.code).toBe(0)
    const summary = JSON.parse(imported.out) as ImportSummary
    expect(summary.dataset.layout).toBe('cnmc')
    expect(summary.classes.map((c) => [c.name, c.images, c.subjects])).toEqual([
      ['ALL', 7, 1],
      ['HEM', 6, 2]
    ])

    const human = await run('--data-dir', dataDir, 'datasets', 'list')
    expect(human.out).toMatch(/cnmc-samples +cnmc +13 images +ALL 7, HEM 6 +3 subjects/)
    const list = JSON.parse(
      (await run('--data-dir', dataDir, '--json', 'datasets', 'list')).out
    ) as DatasetListItem[]
    expect(list.map((d) => [d.name, d.images])).toEqual([['cnmc-samples', 13]])

    const show = JSON.parse(
      (await run('--data-dir', dataDir, '--json', 'datasets', 'show', 'cnmc-samples')).out
    ) as DatasetDetails
    expect(show.formats).toEqual({ bmp: 13 })
    expect(show.split?.seed).toBe(42)

    const resplit = await run(
      '--data-dir',
      dataDir,
      '--json',
      'split',
      'cnmc-samples',
      '--seed',
      '7',
      '--ratios',
      '60,20,20',
      '--by',
      'image'
    )
    expect(resplit.code).toBe(0)
    const split = JSON.parse(resplit.out) as SplitSummary
    expect([split.seed, split.ratios, split.by]).toEqual([7, [60, 20, 20], 'image'])
    expect(split.splits.map((s) => s.images).reduce((a, b) => a + b)).toBe(13)
    expect(split.warnings[0]).toMatch(/split by image although subjects are known/)
    const text = await run('--data-dir', dataDir, 'split', 'cnmc-samples')
    expect(text.out).toMatch(/split \(70\/15\/15, seed 42, grouped by subject\):\n {2}train +10 images/)

    const del = await run('--data-dir', dataDir, 'datasets', 'delete', 'cnmc-samples')
    expect(del.out).toMatch(/Deleted dataset "cnmc-samples" \(13 image record/)
    expect((await run('--data-dir', dataDir, 'datasets', 'list')).out).toMatch(/No datasets yet/)
  })

  it('prints a readable import summary with the class mapping and the duplicates', async () => {
    const r = await run(
      '--data-dir',
      dataDir,
      'import',
      sharedPath('data/aria-all'),
      '--name',
      'aria',
      '--map',
      'Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL',
      '--no-split'
    )
    expect(r.code).toBe(0)
    expect(r.out).toContain(
      'read 2441 file(s): 2401 new image(s), 40 duplicate(s), 0 already imported, 0 skipped'
    )
    expect(r.out).toMatch(/ALL +2023 images from Early, Pre, Pro/)
    expect(r.out).toMatch(/HEM +378 images from Benign/)
    expect(r.out).toContain('not split')
  })

  it('answers user mistakes with one line and exit code 2', async () => {
    const missing = await run('--data-dir', dataDir, 'import', join(dataDir, 'no-such-folder'))
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/^leukolens: folder not found: .*no-such-folder\n$/)
    const badMap = await run(
      '--data-dir',
      dataDir,
      'import',
      sharedPath('data/aria-all'),
      '--map',
      'Benign=HEM'
    )
    expect(badMap.code).toBe(2)
    expect(badMap.err).toMatch(/class Early, Pre, Pro not mapped/)
    expect((await run('--data-dir', dataDir, 'split', 'nothing')).err).toMatch(
      /no dataset named "nothing" \(none imported yet: `leukolens import DIR --name NAME`\)/
    )
    expect((await run('--data-dir', dataDir, 'split', 'x', '--ratios', '1,2')).code).toBe(2)
    expect((await run('--data-dir', dataDir, 'import', dataDir, '--seed', '-3')).err).toMatch(
      /invalid --seed/
    )
  })

  it('has --help on each command, explaining what import does about splitting', async () => {
    const help = await run('import', '--help')
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/a new dataset is split right away/)
    for (const cmd of [['datasets', 'list'], ['datasets', 'show'], ['datasets', 'delete'], ['split']]) {
      const h = await run(...cmd, '--help')
      expect(h.code, cmd.join(' ')).toBe(0)
      expect(h.out).toMatch(/Usage: leukolens/)
    }
  })
})
