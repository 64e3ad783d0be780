import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { openPostgresStore } from '../../src/main/core/db/postgres/store'
import { addUser, createFirstAdmin } from '../../src/main/core/people/users'
import { dataDir } from '../../src/main/core/paths'
import { ariaSubset } from '../helpers/aria'
import { runCliWith } from '../helpers/cli'
import { freshPostgresDatabase } from '../helpers/engines'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

/**
 * A lab's researcher trains on a dataset another workstation imported: the datasets, their images and splits
 * live in the shared PostgreSQL database, not in the importing workstation's own file.
 */
describe('datasets on a shared database', () => {
  const tmp = useTmpDirs()

  it('a dataset imported at one workstation is listed, split, extracted and trained on at another', async () => {
    const database = await freshPostgresDatabase()
    try {
      const people = await openPostgresStore(database.url)
      await createFirstAdmin(people, 'root', 'root password')
      await addUser(people, { name: 'rosa', role: 'researcher', password: 'rosa password' })
      await addUser(people, { name: 'tom', role: 'technician', password: 'tom password' })
      await people.close()
      // Two workstations: two data folders on one shared database, a researcher signed in at both. Small and
      // deterministic: wasm, one worker.
      const env = {
        LEUKOLENS_DATABASE_URL: database.url,
        LEUKOLENS_USER: 'rosa',
        LEUKOLENS_PASSWORD: 'rosa password',
        LEUKOLENS_BACKEND: 'wasm',
        LEUKOLENS_WORKERS: '1'
      }
      const [a, b] = [tmp(), tmp()]
      const at = (dir: string, ...argv: string[]) => runCliWith(env, '--data-dir', dir, ...argv)
      const folder = ariaSubset(join(tmp(), 'cells'), ['Benign', 'Early'], 20)

      // A technician scans and reviews; the lab's datasets are not theirs to change.
      const refused = await runCliWith(
        { ...env, LEUKOLENS_USER: 'tom', LEUKOLENS_PASSWORD: 'tom password' },
        '--data-dir',
        a,
        'import',
        folder
      )
      expect(refused.code).not.toBe(0)
      expect(refused.err).toMatch(
        /tom is a technician: to import images needs the researcher role; nothing was done/
      )

      // Progress and epochs go to stderr; the answer is on stdout.
      const json = async (dir: string, ...argv: string[]) => {
        const r = await at(dir, '--json', ...argv)
        expect(r.code, r.err).toBe(0)
        return JSON.parse(r.out)
      }

      const imported = await json(
        a,
        'import',
        folder,
        '--name',
        'cells',
        '--map',
        'Benign=HEM,Early=ALL',
        '--by',
        'image'
      )
      expect([imported.added, imported.dataset.created]).toEqual([40, true])

      // The other workstation sees it, with its classes and the split made at import.
      const listed = await json(b, 'datasets', 'list')
      expect(listed.map((d: { name: string; images: number }) => [d.name, d.images])).toEqual([['cells', 40]])
      const shown = await json(b, 'datasets', 'show', 'cells')
      expect(shown.classes.map((c: { name: string; images: number }) => [c.name, c.images])).toEqual([
        ['ALL', 20],
        ['HEM', 20]
      ])
      expect(shown.split.by).toBe('image')
      // Re-split there: every image lands in one part, and the first workstation sees the new split.
      const split = await json(b, 'split', 'cells', '--by', 'image', '--seed', '5')
      expect(split.splits.reduce((n: number, s: { images: number }) => n + s.images, 0)).toBe(40)
      expect((await json(a, 'datasets', 'show', 'cells')).split).toEqual(split)

      // Features and training at the second workstation, on the shared MobileNetV2.
      const added = await at(
        b,
        'backbone',
        'add',
        sharedPath('models/mobilenet-v2-0.35-imagenet'),
        '--name',
        'mnv2',
        '--preprocess',
        'tf'
      )
      expect(added.err).toBe('')
      const features = await json(b, 'features', 'extract', '--dataset', 'cells', '--backbone', 'mnv2')
      expect(features).toMatchObject({ dataset: 'cells', images: 40 })
      const trained = await json(b, 'train', '--dataset', 'cells', '--backbone', 'mnv2')
      const testPart = split.splits.find((s: { split: string }) => s.split === 'test').images
      expect(trained).toMatchObject({
        dataset: 'cells',
        split: { by: 'image', seed: 5, counts: { test: testPart } }
      })
      // The version is the lab's: the first workstation lists it.
      const models = await json(a, 'models', 'list')
      expect(models.map((m: { id: string }) => m.id)).toContain(trained.modelId)

      // Nothing of it is in either workstation's own file.
      for (const dir of [a, b]) {
        const own = openDatabase(dataDir(dir).db, { readonly: true })
        for (const table of ['datasets', 'images', 'dataset_images', 'splits'])
          expect(own.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), `${dir} ${table}`).toBe(0)
        own.close()
      }

      // The shared database still checks intact, and its backup holds the dataset's rows.
      const check = await at(b, 'db', 'check')
      expect(check.err).toBe('')
      expect(check.out).toMatch(/intact/)
      const file = join(tmp(), 'lab.db')
      expect((await at(b, 'db', 'backup', file)).code).toBe(0)
      const copy = openDatabase(file, { readonly: true })
      const count = (table: string) => copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get()
      expect(['datasets', 'images', 'dataset_images', 'dataset_files', 'splits'].map(count)).toEqual([
        1, 40, 40, 40, 40
      ])
      copy.close()

      // Deleted at one workstation, gone at the other.
      expect(await json(b, 'datasets', 'delete', 'cells')).toEqual({ deleted: 'cells', imagesRemoved: 40 })
      expect(await json(a, 'datasets', 'list')).toEqual([])
      const unknown = await at(a, 'datasets', 'show', 'cells')
      expect(unknown.err).toMatch(/no dataset named "cells" \(none imported yet/)
    } finally {
      await database.drop()
    }
  }, 300_000)
})
