import { describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import HL7 from 'hl7-standard'
import type { Bundle, Observation } from '@medplum/fhirtypes'
import { writeLisTarget } from '../../../src/main/core/lis/target'
import { readControlSet } from '../../../src/main/core/qc/control-set'
import { addControlSet, recordQcRun } from '../../../src/main/core/qc/record'
import { classifyCells } from '../../../src/main/services/samples'
import { workstationStore } from '../../../src/main/services/workstation-store'
import { loopbackLis } from '../../helpers/loopback-lis'
import { serviceHarness } from '../../helpers/services'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'

/**
 * The day's work (`sample:list`, what Home shows) and a signed sample's way to the LIS from the window
 * (`lis:export` through a save token, `lis:send` over MLLP), through the dispatcher as the window calls them.
 */
describe('sample:list, lis:export and lis:send', () => {
  const tmp = useTmpDirs()

  async function setup() {
    const dir = tmp()
    const h = serviceHarness(join(dir, 'data'), { overrides: { reviewer: 'anna' } })
    const folder = join(dir, 'slides')
    const p = (s: string, i: number) => join(folder, s, `c${i}.png`)
    const older = await storeScan(h.db, join(dir, 'older'), [
      { path: join(dir, 'older', 'q', 'c0.png'), predicted: 'ALL' }
    ])
    const scanId = await storeScan(h.db, folder, [
      { path: p('p1', 0), predicted: 'ALL' },
      { path: p('p1', 1), predicted: 'HEM', flagged: true },
      { path: p('p2', 0), predicted: 'HEM' },
      { path: p('p2', 1), predicted: 'ALL' },
      { path: p('p2', 2), predicted: 'HEM' }
    ])
    const classify = (cells: string[], label: string) => classifyCells(h.ctx, { scanId, cells, label })
    return { dir, h, scanId, older, p, classify }
  }

  it('lists each sample of the newest scans with its count, flags and why it cannot be signed yet', async () => {
    const { h, scanId, older, p, classify } = await setup()
    try {
      const all = await h.call('sample:list', {})
      expect(
        all.map((w) => [w.scanId, w.sample, w.counted, w.target, w.flaggedUnreviewed, w.waiting])
      ).toEqual([
        [scanId, 'p1', 0, 100, 1, true],
        [scanId, 'p2', 0, 100, 0, true],
        [older, 'q', 0, 100, 0, true]
      ])
      expect(all[0].signOff.reasons).toEqual([
        "no cell has a person's class yet",
        '1 of 1 flagged cell is not reviewed yet'
      ])
      // p2: one cell nobody can name; signed short of the target, it leaves the waiting list
      await classify([p('p2', 0), p('p2', 2)], 'HEM')
      await classify([p('p2', 1)], 'unidentified')
      await h.call('sample:sign', { scanId, sample: 'p2', reason: 'too few cells' })
      const waiting = await h.call('sample:list', { waiting: true })
      expect(waiting.map((w) => w.sample)).toEqual(['p1', 'q'])
      const p2 = (await h.call('sample:list', {})).find((w) => w.sample === 'p2')!
      expect(p2).toMatchObject({ waiting: false, counted: 3, signed: { signer: 'anna', status: 'final' } })
      expect(p2.classes.map((c) => [c.name, c.count, c.percent.toFixed(1)])).toEqual([
        ['ALL', 0, '0.0'],
        ['HEM', 2, '66.7'],
        ['unidentified', 1, '33.3']
      ])
      // a review after the signature puts it back on the list: it waits for a corrected result
      await classify([p('p2', 1)], 'ALL')
      const again = await h.call('sample:list', { waiting: true })
      expect(again.find((w) => w.sample === 'p2')).toMatchObject({ changedSinceSigned: true, waiting: true })
      expect((await h.call('sample:list', { scans: 1 })).map((w) => w.scanId)).not.toContain(older)
    } finally {
      h.close()
    }
  })

  it("leaves control runs' scans out, and names an open QC rejection among the reasons a sample waits", async () => {
    const { dir, h, scanId } = await setup()
    try {
      const control = join(dir, 'control', 'ALL')
      mkdirSync(control, { recursive: true })
      writeFileSync(join(control, 'c.png'), 'x')
      await addControlSet(
        h.ctx.store,
        { name: 'daily', folder: join(dir, 'control'), blastClass: 'ALL' },
        readControlSet(join(dir, 'control'))
      )
      // a control run whose scan read a cell but none of the set's images: rejected
      const controlScan = await storeScan(h.db, join(dir, 'control'), [
        { path: join(control, 'other.png'), predicted: 'HEM' }
      ])
      const run = await recordQcRun(h.ctx.store, 'daily', controlScan, 'm-1')
      const list = await h.call('sample:list', {})
      expect(list.map((w) => w.scanId)).not.toContain(controlScan)
      expect(list.find((w) => w.scanId === scanId)!.signOff.reasons).toContain(
        `quality control run ${run.id} of daily is rejected and not acknowledged`
      )
    } finally {
      h.close()
    }
  })

  it('exports a signed sample as HL7 and FHIR where the save dialog pointed, unidentified a class of its own', async () => {
    const { dir, h, scanId, p, classify } = await setup()
    try {
      await classify([p('p2', 0), p('p2', 2)], 'HEM')
      await classify([p('p2', 1)], 'unidentified')
      const unsigned = h.call('lis:export', {
        scanId,
        sample: 'p2',
        format: 'hl7',
        saveToken: h.ctx.saveTargets.issue(join(dir, 'early.hl7'))
      })
      await expect(unsigned).rejects.toThrow(
        /sample p2 of scan \d+ is not signed: only a signed result leaves/
      )
      await h.call('sample:sign', { scanId, sample: 'p2', reason: 'too few cells' })

      const hl7File = join(dir, 'p2.hl7')
      const hl7 = await h.call('lis:export', {
        scanId,
        sample: 'p2',
        format: 'hl7',
        saveToken: h.ctx.saveTargets.issue(hl7File)
      })
      expect(hl7.file).toBe(hl7File)
      const msg = new HL7(readFileSync(hl7File, 'utf8'))
      msg.transform()
      expect(msg.get('MSH.10')).toBe(hl7.controlId)
      const obx = msg.getSegments('OBX').map((s) => [s.get('OBX.3.1'), s.get('OBX.5')])
      expect(obx).toEqual([
        ['LL-CELLS', '3'],
        ['LL-ALL', '0.0'],
        ['LL-HEM', '66.7'],
        ['LL-unidentified', '33.3']
      ])

      const fhirFile = join(dir, 'p2.json')
      await h.call('lis:export', {
        scanId,
        sample: 'p2',
        format: 'fhir',
        saveToken: h.ctx.saveTargets.issue(fhirFile)
      })
      const bundle = JSON.parse(readFileSync(fhirFile, 'utf8')) as Bundle
      const observations = bundle
        .entry!.map((e) => e.resource!)
        .filter((r) => r.resourceType === 'Observation') as Observation[]
      const unidentified = observations.find((o) => o.code.coding![0].code === 'LL-unidentified')!
      expect(unidentified.valueQuantity).toMatchObject({ value: 33.33, unit: '%' })
    } finally {
      h.close()
    }
  })

  it('sends a signed sample to the configured LIS: the ACK, a NACK not retried, a dropped try retried', async () => {
    const { h, scanId, p, classify } = await setup()
    const lis = await loopbackLis(['nack', 'close-at-once', 'ack'])
    try {
      await classify([p('p2', 0), p('p2', 1), p('p2', 2)], 'HEM')
      await h.call('sample:sign', { scanId, sample: 'p2', reason: 'too few cells' })
      await expect(h.call('lis:send', { scanId, sample: 'p2' })).rejects.toThrow(/^no LIS configured/)
      await writeLisTarget(workstationStore(h.ctx).k, { host: '127.0.0.1', port: String(lis.port) })
      await expect(h.call('lis:send', { scanId, sample: 'p1' })).rejects.toThrow(
        /sample p1 of scan \d+ is not signed/
      )
      await expect(h.call('lis:send', { scanId, sample: 'p2' })).rejects.toThrow(
        /did not accept message LL\d+-[0-9a-f]{16}: refused \(AE\): unknown test code LL-ALL \(try 1; not retried/
      )
      const sent = await h.call('lis:send', { scanId, sample: 'p2' })
      expect(sent).toMatchObject({ host: '127.0.0.1', port: lis.port, ack: 'AA', attempts: 2 })
      expect(sent.failures).toEqual(['the receiver closed the connection before acknowledging'])
      expect(lis.stored.size).toBe(1)
    } finally {
      lis.server.close()
      h.close()
    }
  })
})
