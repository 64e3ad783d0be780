import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { sqliteStore } from '../../src/main/core/db/store'
import { listDatasetImages } from '../../src/main/core/db/queries/images'
import { importFolder } from '../../src/main/core/import/import-folder'
import { encodeBmp } from '../helpers/images'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

const FOLD = 'data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0'

function put(root: string, rel: string, bytes: Uint8Array | string): void {
  mkdirSync(join(root, rel, '..'), { recursive: true })
  writeFileSync(join(root, rel), bytes)
}

const bmp = (seed: number) =>
  encodeBmp({
    width: 5,
    height: 4,
    bitsPerPixel: 24,
    rgb: Uint8Array.from({ length: 60 }, (_, i) => (i * seed) & 255)
  })

describe('the full Kaggle C-NMC tree', () => {
  const tmp = useTmpDirs()

  it('reads training folds and the labelled prelim test set, ignores the unlabelled final set', async () => {
    const root = join(tmp(), 'C-NMC')
    const base = 'C-NMC_Leukemia'
    for (const f of ['all/UID_2_11_1_all.bmp', 'hem/UID_H1_1_1_hem.bmp']) {
      mkdirSync(join(root, base, 'training_data/fold_0', f, '..'), { recursive: true })
      copyFileSync(sharedPath(FOLD, f), join(root, base, 'training_data/fold_0', f))
    }
    put(root, `${base}/training_data/fold_2/hem/UID_h3_4_1_hem.bmp`, bmp(3))
    const prelim = `${base}/validation_data/C-NMC_test_prelim_phase_data`
    put(root, `${prelim}/1.bmp`, bmp(5))
    put(root, `${prelim}/2.bmp`, bmp(7))
    copyFileSync(sharedPath(FOLD, 'all/UID_2_11_1_all.bmp'), join(root, prelim, '3.bmp'))
    put(root, `${prelim}/99.bmp`, bmp(11))
    put(
      root,
      `${base}/validation_data/C-NMC_test_prelim_phase_data_labels.csv`,
      'Patient_ID,new_names,labels\nUID_57_29_1_all.bmp,1.bmp,1\nUID_H24_31_1_hem.bmp,2.bmp,0\nUID_2_11_1_all.bmp,3.bmp,1\n'
    )
    put(root, `${base}/testing_data/C-NMC_test_final_phase_data/1.bmp`, bmp(13))

    const db = openDatabase(':memory:')
    const store = sqliteStore(db)
    const s = await importFolder(store, { folder: root })
    expect(s.dataset.layout).toBe('cnmc')
    expect(s.layoutDescription).toBe(
      'C-NMC (Kaggle): C-NMC_test_prelim_phase_data, training_data/fold_0, training_data/fold_2'
    )
    expect(s.added).toBe(5)
    expect(s.duplicates).toEqual([
      {
        path: `${prelim}/3.bmp`,
        duplicateOf: `${base}/training_data/fold_0/all/UID_2_11_1_all.bmp`,
        sameLabel: true
      }
    ])
    expect(s.ignored.map((f) => f.path)).toEqual([
      `${base}/testing_data/C-NMC_test_final_phase_data/1.bmp`,
      `${prelim}/99.bmp`
    ])
    const subjects = Object.fromEntries(
      (await listDatasetImages(store.k, s.dataset.id)).map((i) => [
        i.path.split('/').pop(),
        [i.label, i.subject]
      ])
    )
    expect(subjects).toEqual({
      'UID_2_11_1_all.bmp': ['ALL', '2'],
      'UID_H1_1_1_hem.bmp': ['HEM', 'H1'],
      'UID_h3_4_1_hem.bmp': ['HEM', 'H3'],
      '1.bmp': ['ALL', '57'],
      '2.bmp': ['HEM', 'H24']
    })
    expect(s.classes.map((c) => [c.name, c.images, c.subjects])).toEqual([
      ['ALL', 2, 2],
      ['HEM', 3, 3]
    ])
    db.close()
  })
})
