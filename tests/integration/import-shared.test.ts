import { describe, expect, it } from 'vitest'
import { insertDataset, listDatasets } from '../../src/main/core/db/queries/datasets'
import { listDatasetImages } from '../../src/main/core/db/queries/images'
import { importFolder } from '../../src/main/core/import/import-folder'
import type { Progress } from '../../src/shared/types/progress'
import { ENGINES, useStores } from '../helpers/engines'
import { sharedPath } from '../helpers/shared'

describe.each(ENGINES)('import of the real shared data on %s', (engine) => {
  const open = useStores(engine)

  it('cnmc-samples: C-NMC layout, 13 images, 7 ALL from 1 subject, 6 HEM from 2, split by subject', async () => {
    const store = await open()
    const s = await importFolder(store, { folder: sharedPath('data/cnmc-samples') })
    expect(s.dataset).toMatchObject({ name: 'cnmc-samples', layout: 'cnmc', created: true })
    expect(s.layoutDescription).toBe('C-NMC (Kaggle): training_data/fold_0')
    expect([s.filesFound, s.added, s.duplicates.length, s.skipped.length, s.ignored.length]).toEqual([
      13, 13, 0, 0, 0
    ])
    expect(s.classes).toEqual([
      { name: 'ALL', images: 7, subjects: 1, sources: ['ALL'] },
      { name: 'HEM', images: 6, subjects: 2, sources: ['HEM'] }
    ])
    expect(s.subjects).toBe(3)
    expect(s.split?.by).toBe('subject')
    // No subject in two splits, and the summary owns up to the classes that cannot fill every split.
    const images = await listDatasetImages(store.k, s.dataset.id)
    const splitsOf = new Map<string, Set<string>>()
    for (const im of images)
      splitsOf.set(im.subject!, (splitsOf.get(im.subject!) ?? new Set()).add(im.split!))
    expect([...splitsOf.values()].every((v) => v.size === 1)).toBe(true)
    expect(s.split!.warnings.some((w) => w.includes('ALL has only 1 subject(s) (2)'))).toBe(true)
    expect(images.every((im) => im.format === 'bmp' && im.width === 450 && im.height === 450)).toBe(true)

    const again = await importFolder(store, { folder: sharedPath('data/cnmc-samples') })
    expect([again.dataset.created, again.added, again.alreadyImported, again.duplicates.length]).toEqual([
      false,
      0,
      13,
      0
    ])
    expect(again.split).toEqual(s.split)
  })

  it('stores nothing when another workstation created a dataset of that name while the files were read', async () => {
    const store = await open()
    let other: Promise<number> | undefined
    await expect(
      importFolder(store, { folder: sharedPath('data/cnmc-samples'), name: 'cells', concurrency: 1 }, (p) => {
        // The first file is read: the other import stores its dataset before this one has read the rest.
        if (p.phase === 'reading images')
          other ??= insertDataset(store.k, {
            name: 'cells',
            root: '/elsewhere',
            layout: 'flat',
            classMapping: {}
          })
      })
    ).rejects.toThrow('dataset "cells" was created meanwhile by another import; import again to add to it')
    await other
    expect((await listDatasets(store.k)).map((d) => d.root)).toEqual(['/elsewhere'])
    expect(await store.k.selectFrom('images').select('id').execute()).toEqual([])
  })

  it('aria-all with --map: 2,441 files, 40 duplicates, 2,401 images (378 HEM, 2,023 ALL), with progress', async () => {
    const store = await open()
    const events: Progress[] = []
    const s = await importFolder(
      store,
      { folder: sharedPath('data/aria-all'), map: 'Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL' },
      (p) => events.push(p)
    )
    expect(s.layoutDescription).toBe('one folder per class: Benign, Early, Pre, Pro')
    expect([s.filesFound, s.added, s.duplicates.length, s.skipped.length]).toEqual([2441, 2401, 40, 0])
    expect(
      s.duplicates.every((d) => d.path.startsWith('Pro/') && d.duplicateOf.startsWith('Pro/') && d.sameLabel)
    ).toBe(true)
    expect(s.classes).toEqual([
      { name: 'ALL', images: 2023, subjects: 0, sources: ['Early', 'Pre', 'Pro'] },
      { name: 'HEM', images: 378, subjects: 0, sources: ['Benign'] }
    ])
    // No subject ids in Aria's names: the forward rule tests on each folder's newest files.
    expect(s.split?.by).toBe('subject')
    expect([s.split?.rule, s.split?.order, s.split?.blockSize]).toEqual(['forward', 'name', null])
    expect(s.split?.warnings[0]).toMatch(
      /this dataset has no known subject \(patient\): split forward .* the newest 15% are the test part/
    )
    const total = s.split!.splits.reduce((n, x) => n + x.images, 0)
    expect(total).toBe(2401)
    // Benign's 378 files: the newest 57 (15%) are the test part, the 57 before them validation.
    expect(s.split!.splits.map((x) => x.classes.HEM.images)).toEqual([264, 57, 57])
    const reading = events.filter((e) => e.phase === 'reading images')
    expect(reading.at(-1)).toMatchObject({ done: 2441, total: 2441 })
    expect(reading.length).toBeGreaterThan(1)
  })
})
