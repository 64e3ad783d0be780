import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/core/db/database'
import { dataDir } from '../../../src/main/core/paths'
import type { DifferentialView, SampleWork } from '../../../src/shared/types/differential'
import { runCliInput, runCliWith } from '../../helpers/cli'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'

/** `sample show | classify | sign` on a stored scan: sample p1 of 4 cells, one flagged and unlike the training data. */
describe('leukolens sample show | classify | sign', () => {
  const tmp = useTmpDirs()

  it('counts what a person classes toward the target, refuses an early signature with its reasons, then signs', async () => {
    const dir = tmp()
    const data = join(dir, 'data')
    const folder = join(dir, 'slides')
    const db = openDatabase(dataDir(data).db)
    const paths = [0, 1, 2, 3].map((i) => join(folder, 'p1', `c${i}.png`))
    const scanId = String(
      await storeScan(db, folder, [
        { path: paths[0], predicted: 'ALL' },
        { path: paths[1], predicted: 'HEM' },
        { path: paths[2], predicted: 'HEM' },
        { path: paths[3], predicted: 'ALL', ood: true }
      ])
    )
    db.close()
    const cli = (env: Record<string, string | undefined>, ...a: string[]) =>
      runCliWith({ LEUKOLENS_REVIEWER: undefined, ...env }, '--data-dir', data, ...a)
    const anna = (...a: string[]) => cli({ LEUKOLENS_REVIEWER: 'anna' }, ...a)

    const listed = await anna('sample', 'show', scanId, '--sample', 'p1', '--cells')
    expect(listed.code, listed.err).toBe(0)
    expect(listed.out).toContain(
      'counted 0 of 100 cells, 100 to go; 4 found, 1 unfamiliar, 1 flagged (1 not reviewed)'
    )
    expect(listed.out).toMatch(/1 +ALL +0 +·{20} +— +—/)
    expect(listed.out).toMatch(/3 +unidentified +0/)
    expect(listed.out).toMatch(/[0-9a-f]{12} +\S+c3\.png +ALL +— +flagged, unfamiliar/)

    expect((await anna('sample', 'classify', scanId, '--cell', paths[0], '--class', 'all')).code).toBe(0)
    expect(
      (await anna('sample', 'classify', scanId, '--cell', paths[1], paths[2], '--class', 'HEM')).code
    ).toBe(0)
    const wrong = await anna('sample', 'classify', scanId, '--cell', paths[3], '--class', 'Blast')
    expect(wrong.code).toBe(2)
    expect(wrong.err).toContain('label "Blast" is not a class of the model (ALL, HEM) nor unidentified')
    expect((await anna('sample', 'classify', scanId, '--cell', 'c0ffee', '--class', 'HEM')).err).toContain(
      `scan ${scanId} has no cell "c0ffee"`
    )

    // the unfamiliar cell is flagged and has no person's class: it is not counted and it blocks the signature
    const early = await anna('sample', 'sign', scanId, '--sample', 'p1')
    expect(early.code).toBe(2)
    expect(early.err).toContain(
      `Sample p1 of scan ${scanId} cannot be signed: 3 of 100 cells counted: count 97 more, or state why the count stops short; 1 of 1 flagged cell is not reviewed yet.`
    )
    expect(
      (await anna('sample', 'classify', scanId, '--cell', paths[3], '--class', 'unidentified')).code
    ).toBe(0)
    const shown = await anna('sample', 'show', scanId, '--json')
    const [view] = JSON.parse(shown.out) as DifferentialView[]
    expect(view.counted).toBe(4)
    expect(view.classes.map((c) => [c.name, c.count, c.percent])).toEqual([
      ['ALL', 1, 25],
      ['HEM', 2, 50],
      ['unidentified', 1, 25]
    ])
    // 2 of 4: 95% Wilson 15.0–85.0%
    expect([view.classes[1].low, view.classes[1].high].map((x) => x.toFixed(1))).toEqual(['15.0', '85.0'])
    expect(view.signOff.reasons).toEqual([
      '4 of 100 cells counted: count 96 more, or state why the count stops short'
    ])

    // the day's work: the sample waits, with its count, its flags and why it cannot be signed yet
    const waiting = await anna('sample', 'list', '--waiting')
    expect(waiting.code, waiting.err).toBe(0)
    expect(waiting.out).toMatch(
      new RegExp(
        `${scanId} +p1 +4 of 100 counted \\(96 to go\\) +0 of 1 +not signed +not yet: 4 of 100 cells counted`
      )
    )

    const nameless = await cli({}, 'sample', 'sign', scanId, '--sample', 'p1', '--reason', 'too few cells')
    expect(nameless.code).toBe(2)
    expect(nameless.err).toContain('sign with your name')
    const signed = await anna('sample', 'sign', scanId, '--sample', 'p1', '--reason', 'too few cells')
    expect(signed.code, signed.err).toBe(0)
    expect(signed.out).toMatch(
      /Signed sample p1 of scan \d+: result 1 \(final\): 4 of 100 cells, signed by anna at .*; short of the target because: too few cells \(audit entry 5\)/
    )
    expect((await anna('sample', 'list', '--waiting')).out).toContain(
      'No sample waits for a count or a sign-off.'
    )
    const [work] = JSON.parse((await anna('sample', 'list', '--json')).out) as SampleWork[]
    expect(work).toMatchObject({ sample: 'p1', waiting: false, signed: { id: 1, signer: 'anna' } })
    expect(work.classes.map((c) => c.name)).toEqual(['ALL', 'HEM', 'unidentified'])
    const log = await anna('review', 'log')
    expect(log.out).toMatch(
      /anna +[0-9a-f]{12} +— → signed +"sample p1 of scan \d+ signed: 4 of 100 cells; ALL 1 of 4 \(25\.0%/
    )
    expect((await anna('review', 'verify')).code).toBe(0)
  })
  it('where people sign in, the signed-in person signs, and only with a role that may sign', async () => {
    const dir = tmp()
    const data = join(dir, 'data')
    const folder = join(dir, 'slides')
    const db = openDatabase(dataDir(data).db)
    const paths = [0, 1].map((i) => join(folder, 'p1', `c${i}.png`))
    const scanId = String(
      await storeScan(db, folder, [
        { path: paths[0], predicted: 'ALL' },
        { path: paths[1], predicted: 'HEM' }
      ])
    )
    db.close()
    const cli = (input: string | undefined, env: Record<string, string | undefined>, ...a: string[]) =>
      runCliInput(
        input,
        { LEUKOLENS_REVIEWER: 'anna', LEUKOLENS_USER: undefined, LEUKOLENS_PASSWORD: undefined, ...env },
        '--data-dir',
        data,
        ...a
      )
    const as = (user: string, password: string) => ({ LEUKOLENS_USER: user, LEUKOLENS_PASSWORD: password })
    expect((await cli('root password\n', {}, 'users', 'add', 'root', '--role', 'admin')).code).toBe(0)
    for (const [name, role] of [
      ['tom', 'technician'],
      ['ana', 'reviewer']
    ])
      expect(
        (await cli(`${name} password\n`, as('root', 'root password'), 'users', 'add', name, '--role', role))
          .code
      ).toBe(0)
    const classed = await cli(
      undefined,
      as('tom', 'tom password'),
      ...['sample', 'classify', scanId, '--cell', ...paths, '--class', 'HEM']
    )
    expect(classed.code, classed.err).toBe(0)
    expect(classed.out).toContain('HEM by tom')
    const sign = ['sample', 'sign', scanId, '--sample', 'p1', '--reason', 'too few cells']
    // the reviewer name of the environment is no signature once users exist
    const anonymous = await cli(undefined, {}, ...sign)
    expect(anonymous.code).not.toBe(0)
    expect(anonymous.err).toContain('sign in to sign')
    const technician = await cli(undefined, as('tom', 'tom password'), ...sign)
    expect(technician.code).not.toBe(0)
    expect(technician.err).toContain('tom is a technician: to sign needs the reviewer')
    const signed = await cli(undefined, as('ana', 'ana password'), ...sign)
    expect(signed.code, signed.err).toBe(0)
    expect(signed.out).toMatch(/result 1 \(final\): 2 of 100 cells, signed by ana at /)
    expect((await cli(undefined, as('ana', 'ana password'), 'review', 'verify')).code).toBe(0)
  })
})
