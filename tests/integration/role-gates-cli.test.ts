import { describe, expect, it } from 'vitest'
import { addUser, createFirstAdmin } from '../../src/main/core/people/users'
import { openPostgresStore } from '../../src/main/core/db/postgres/store'
import { dataDir } from '../../src/main/core/paths'
import { runCliWith } from '../helpers/cli'
import { freshPostgresDatabase } from '../helpers/engines'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const NOWHERE = '/nowhere/leukolens-role-gates'
const PASSWORD = 'a long enough password'

/**
 * Every command that calls its service itself (not through the dispatcher) with the contract call it stands for,
 * as a technician runs it: each refused before it does anything, exit 1, in the window's own sentence.
 */
const TECHNICIAN_REFUSED: [argv: string[], what: string, role: string][] = [
  [['import', NOWHERE], 'import images', 'researcher'],
  [['split', 'cells'], 'split a dataset', 'researcher'],
  [['datasets', 'delete', 'cells'], 'delete a dataset', 'researcher'],
  [['features', 'extract', '--dataset', 'cells', '--backbone', 'b'], 'extract features', 'researcher'],
  [['backbone', 'add', NOWHERE, '--name', 'b'], 'add a backbone', 'researcher'],
  [['backbone', 'quantize', 'b', '--dataset', 'cells'], 'quantize a backbone', 'researcher'],
  [['backbone', 'remove', 'b'], 'remove a backbone', 'researcher'],
  [['train', '--dataset', 'cells', '--backbone', 'b'], 'train', 'researcher'],
  [['evaluate', '--dataset', 'cells', '--model', 'm'], 'evaluate models', 'researcher'],
  [['models', 'activate', 'm'], 'activate a model version', 'researcher'],
  [['models', 'import', `${NOWHERE}/m.zip`], 'import a model', 'researcher'],
  [['models', 'delete', 'm'], 'delete a model version', 'researcher'],
  [['models', 'export', 'm', `${NOWHERE}/m.zip`], 'export a model', 'researcher'],
  [['qc', 'add', 'controls', NOWHERE], 'define a QC set', 'researcher'],
  [['review', 'add-to-dataset', '--dataset', 'cells'], 'add reviewed cells to a dataset', 'researcher'],
  [['settings', 'reviewThreshold', '0.7'], "change the lab's review threshold", 'admin']
]

describe('role gates at the command line, on a shared database', () => {
  it('refuses each command a role cannot do in one sentence (exit 1), and lets the role that may through', async () => {
    const database = await freshPostgresDatabase()
    try {
      const store = await openPostgresStore(database.url)
      await createFirstAdmin(store, 'root', PASSWORD)
      await addUser(store, { name: 'tom', role: 'technician', password: PASSWORD })
      await addUser(store, { name: 'rae', role: 'researcher', password: PASSWORD })
      await store.close()
      const root = dataDir(tmp()).root
      const as = (user: string, ...argv: string[]) =>
        runCliWith(
          { LEUKOLENS_DATABASE_URL: database.url, LEUKOLENS_USER: user, LEUKOLENS_PASSWORD: PASSWORD },
          '--data-dir',
          root,
          ...argv
        )
      for (const [argv, what, role] of TECHNICIAN_REFUSED) {
        const r = await as('tom', ...argv)
        expect({ argv, code: r.code, err: r.err }).toEqual({
          argv,
          code: 1,
          err: `leukolens: tom is a technician: to ${what} needs the ${role} role; nothing was done\n`
        })
      }
      // The researcher gets past the gate (and is told about the missing folder instead); a scan is not theirs.
      const imported = await as('rae', 'import', NOWHERE)
      expect(imported.err).toBe(`leukolens: folder not found: ${NOWHERE}\n`)
      expect(imported.code).toBe(2)
      expect((await as('rae', 'scan', NOWHERE)).err).toBe(
        'leukolens: rae is a researcher: to scan needs the technician or reviewer role; nothing was done\n'
      )
      expect((await as('rae', 'settings', 'qcEveryHours', '24')).err).toMatch(
        /^leukolens: rae is a researcher: to change the lab's QC schedule needs the admin role/
      )
      const admin = await as('root', '--json', 'settings', 'reviewThreshold', '0.7')
      expect(admin.err).toBe('')
      expect(admin.code).toBe(0)
      // This workstation's own settings are anyone's.
      expect((await as('tom', 'settings', 'theme', 'dark')).code).toBe(0)
    } finally {
      await database.drop()
    }
  })
})
