import { describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { postgresStore } from '../../../src/main/core/db/postgres/store'
import { addUser, createFirstAdmin } from '../../../src/main/core/people/users'
import { recordQcRun } from '../../../src/main/core/qc/record'
import { reviewLog } from '../../../src/main/core/review/log'
import { runCliWith } from '../../helpers/cli'
import { freshPostgresDatabase } from '../../helpers/engines'
import { publishModel, tinyBackboneDir } from '../../helpers/publish-model'
import { tinyModelSetup } from '../../helpers/tiny-model'
import { ariaFiles, copyInto } from '../scan-model.fixture'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'

/**
 * Quality control is the lab's: with a shared database, a rejected control run recorded from one workstation's data
 * folder (A) holds sign-off and results for the LIS on another's (B) until somebody acknowledges it there, and the
 * acknowledgement, by the signed-in user, is an entry of the audit log's hash chain. The runs are stored through
 * the core (a scan of the control folder written to the database, scored as `qc run` scores it).
 */
describe('quality control on a shared database', () => {
  const tmp = useTmpDirs()

  it('a rejected run on one workstation blocks sign-off and the LIS on another until acknowledged there', async () => {
    const dir = tmp()
    const database = await freshPostgresDatabase()
    const store = postgresStore(database.url)
    try {
      await createFirstAdmin(store, 'ada', 'admin password 1')
      await addUser(store, { name: 'tom', role: 'technician', password: 'tech password 1' })
      await addUser(store, { name: 'rita', role: 'reviewer', password: 'reviewer password 1' })
      await addUser(store, { name: 'rae', role: 'researcher', password: 'researcher password 1' })
      const slides = join(dir, 'slides')
      const cells = (sample: string, n: number) =>
        [...Array(n).keys()].map((i) => ({ path: join(slides, sample, `c${i}.png`), predicted: 'HEM' }))
      const scanId = await storeScan(store, slides, [...cells('p1', 2), ...cells('p2', 2)])

      // A workstation's command line: its own data folder, the lab's database, a signed-in person; the reviewer
      // setting of the environment is not who acts where people sign in.
      const at =
        (data: string, user: string, password: string) =>
        (...argv: string[]) =>
          runCliWith(
            { LEUKOLENS_USER: user, LEUKOLENS_PASSWORD: password, LEUKOLENS_REVIEWER: 'somebody else' },
            '--data-dir',
            join(dir, data),
            '--database',
            database.url,
            ...argv
          )
      const a = at('a', 'tom', 'tech password 1')
      const b = at('b', 'rita', 'reviewer password 1')
      const ok = async (p: Promise<{ code: number; out: string; err: string }>) => {
        const r = await p
        expect(r.code, r.err).toBe(0)
        return r
      }
      const classifyAll = (sample: string) =>
        ok(
          b(
            'sample',
            'classify',
            String(scanId),
            '--cell',
            ...cells(sample, 2).map((c) => c.path),
            '--class',
            'HEM'
          )
        )
      const sign = (sample: string) =>
        b('sample', 'sign', String(scanId), '--sample', sample, '--reason', 'too few cells')
      const exportP1 = () =>
        b(
          'sample',
          'export',
          String(scanId),
          '--sample',
          'p1',
          '--format',
          'hl7',
          '--out',
          join(dir, 'p1.hl7')
        )

      // B signs p1 while QC is in control.
      await classifyAll('p1')
      await ok(sign('p1'))
      await ok(exportP1())

      // A registers the control set and its accuracy target; a run with 3 of 10 wrong breaks 1-3s.
      const control = join(dir, 'control')
      for (const cls of ['ALL', 'HEM']) {
        mkdirSync(join(control, cls), { recursive: true })
        for (let i = 0; i < 5; i++) writeFileSync(join(control, cls, `c${i}.png`), 'x')
      }
      // What the model is held to is the researcher's to define (the bench runs it): neither an admin nor the
      // technician at A defines a set.
      const admin = await at('a', 'ada', 'admin password 1')('qc', 'add', 'daily', control)
      expect(admin.code).not.toBe(0)
      expect(admin.err).toContain('ada is an admin: to define a QC set needs the researcher role')
      expect((await a('qc', 'add', 'daily', control)).err).toContain(
        'tom is a technician: to define a QC set needs the researcher role'
      )
      const researcher = at('a', 'rae', 'researcher password 1')
      await ok(researcher('qc', 'add', 'daily', control))
      await ok(researcher('qc', 'target', 'daily', '--accuracy', '95,2'))
      const files = (cls: string, predicted: (i: number) => string) =>
        [0, 1, 2, 3, 4].map((i) => ({ path: join(control, cls, `c${i}.png`), predicted: predicted(i) }))
      const bad = await recordQcRun(
        store,
        'daily',
        await storeScan(store, control, [
          ...files('ALL', () => 'ALL'),
          ...files('HEM', (i) => (i < 3 ? 'ALL' : 'HEM'))
        ]),
        'm-1'
      )
      expect(bad.reject).toBe(true)
      expect(bad.rules).toContain('accuracy 1-3s')

      // B, on its own data folder, sees the lab's alert and may neither sign nor send.
      const alerts = await b('--json', 'qc', 'alerts')
      expect(alerts.code).toBe(1)
      expect((JSON.parse(alerts.out) as { id: number }[]).map((r) => r.id)).toEqual([bad.id])
      await classifyAll('p2')
      const refusedSign = await sign('p2')
      expect(refusedSign.code).not.toBe(0)
      expect(refusedSign.err).toContain(
        `quality control run ${bad.id} of daily is rejected and not acknowledged`
      )
      const refusedExport = await exportP1()
      expect(refusedExport.code).not.toBe(0)
      expect(refusedExport.err).toContain(
        `quality control is rejected (run ${bad.id} of daily) and not acknowledged`
      )

      // B acknowledges, as the signed-in reviewer; A's workstation sees the alert closed too.
      const ack = await ok(b('qc', 'ack', String(bad.id), '--note', 'control slide replaced'))
      expect(ack.out).toContain('acknowledged by rita')
      expect((await a('qc', 'alerts')).code).toBe(0)
      await ok(sign('p2'))
      await ok(exportP1())

      const entry = (await reviewLog(store.k)).find((e) => e.newLabel === 'qc-acknowledged')
      expect(entry).toMatchObject({ reviewer: 'rita', predictionId: null })
      expect(entry!.note).toContain(`QC run ${bad.id} of daily`)
      expect(ack.out).toContain(`(audit entry #${entry!.id})`)
      const verify = await ok(b('review', 'verify'))
      expect(verify.out).toMatch(/^Audit log intact: 7 entries/)
    } finally {
      await store.close()
      await database.drop()
    }
  }, 180_000)

  it("runs a control set with `qc run` on the shared database: the scan and the run are the lab's", async () => {
    const root = tmp()
    const setup = await tinyModelSetup(root)
    setup.db.close()
    const database = await freshPostgresDatabase()
    const store = postgresStore(database.url)
    try {
      await createFirstAdmin(store, 'ada', 'admin password 1')
      await addUser(store, { name: 'tom', role: 'technician', password: 'tech password 1' })
      await addUser(store, { name: 'rae', role: 'researcher', password: 'researcher password 1' })
      await publishModel({
        dataDir: setup.dirs.root,
        modelId: setup.modelId,
        backboneDir: tinyBackboneDir(root),
        backboneName: 'tiny',
        databaseUrl: database.url,
        researcher: { name: 'rae', password: 'researcher password 1' },
        archive: join(root, 'tiny-model.zip')
      })
      const control = join(root, 'control')
      copyInto(join(control, 'Benign'), ariaFiles('Benign', 2, 100))
      copyInto(join(control, 'Early'), ariaFiles('Early', 2, 100))
      const as = (user: string, password: string, ...argv: string[]) =>
        runCliWith(
          { LEUKOLENS_USER: user, LEUKOLENS_PASSWORD: password },
          '--data-dir',
          join(root, 'bench'),
          '--database',
          database.url,
          ...argv
        )
      const tom = (...argv: string[]) => as('tom', 'tech password 1', ...argv)
      // The researcher defines the set; the technician at the bench runs it.
      const added = await as(
        'rae',
        'researcher password 1',
        'qc',
        'add',
        'aria',
        control,
        '--map',
        'Benign=HEM,Early=ALL'
      )
      expect(added.code, added.err).toBe(0)
      const ran = await tom('--json', 'qc', 'run', 'aria', '--backend', 'wasm')
      expect(ran.code, ran.err).toBe(0)
      const run = JSON.parse(ran.out) as { id: number; scanId: number; scored: number }
      expect(run.scored).toBe(4)
      const scan = await store.k
        .selectFrom('scans')
        .select(['folder', 'status'])
        .where('id', '=', run.scanId)
        .executeTakeFirstOrThrow()
      expect(scan.status).toBe('done')
      const runs = await store.k.selectFrom('qc_runs').select(['id', 'scan_id']).execute()
      expect(runs).toEqual([{ id: run.id, scan_id: run.scanId }])
    } finally {
      await store.close()
      await database.drop()
    }
  }, 300_000)
})
