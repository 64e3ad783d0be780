import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:net'
import { join } from 'node:path'
import HL7 from 'hl7-standard'
import { openDatabase } from '../../../src/main/core/db/database'
import { dataDir } from '../../../src/main/core/paths'
import { readControlSet } from '../../../src/main/core/qc/control-set'
import { addControlSet, recordQcRun } from '../../../src/main/core/qc/record'
import { runCliWith } from '../../helpers/cli'
import { loopbackLis } from '../../helpers/loopback-lis'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'
import { storeOf } from '../../helpers/scan-store'

/** `sample export` and `sample send` from a stored scan of two samples (sub-folders p1, p2). */
describe('leukolens sample export | send', () => {
  const tmp = useTmpDirs()
  const servers: Server[] = []
  afterEach(() => {
    while (servers.length) servers.pop()!.close()
  })

  async function setup() {
    const dir = tmp()
    const data = join(dir, 'data')
    const folder = join(dir, 'slides')
    const db = openDatabase(dataDir(data).db)
    const preds = [
      ...[0, 1, 2, 3, 4].map((i) => ({
        path: join(folder, 'p1', `c${i}.png`),
        predicted: i < 2 ? 'ALL' : 'HEM'
      })),
      ...[0, 1].map((i) => ({ path: join(folder, 'p2', `c${i}.png`), predicted: 'HEM' }))
    ]
    const scanId = await storeScan(db, folder, preds)
    db.close()
    const cli = (...a: string[]) => runCliWith({ LEUKOLENS_REVIEWER: 'anna' }, '--data-dir', data, ...a)
    const classify = async (label: string, cells: string[]) =>
      expect(
        (await cli('sample', 'classify', String(scanId), '--cell', ...cells, '--class', label)).code
      ).toBe(0)
    /** Every cell of a sample classed by a person (`ALL` for the first `all`, else HEM), then signed short. */
    const countAndSign = async (sample: string, all: number, cells: number) => {
      const paths = [...Array(cells).keys()].map((i) => join(folder, sample, `c${i}.png`))
      if (all) await classify('ALL', paths.slice(0, all))
      await classify('HEM', paths.slice(all))
      const signed = await cli(
        'sample',
        'sign',
        String(scanId),
        '--sample',
        sample,
        '--reason',
        'too few cells'
      )
      expect(signed.code, signed.err).toBe(0)
    }
    const exportAs = (format: 'hl7' | 'fhir', out: string, sample = 'p1') =>
      cli('sample', 'export', String(scanId), '--sample', sample, '--format', format, '--out', out)
    return { dir, data, scanId, cli, classify, countAndSign, folder, exportAs }
  }

  it('exports the signed result as HL7 and FHIR, refuses an unsigned or unknown sample, and marks a correction', async () => {
    const { dir, data, scanId, cli, classify, countAndSign, folder, exportAs } = await setup()
    const hl7File = join(dir, 'p1.hl7')
    const unsigned = await exportAs('hl7', hl7File)
    expect(unsigned.code).toBe(2)
    expect(unsigned.err).toContain(
      `sample p1 of scan ${scanId} is not signed: only a signed result leaves for the LIS (\`leukolens sample sign ${scanId} --sample p1\`)`
    )
    expect(existsSync(hl7File)).toBe(false)
    await countAndSign('p1', 2, 5)
    const r = await exportAs('hl7', hl7File)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('ALL: 2 of 5 cells, 40.0% (95% Wilson CI 11.8–76.9%)')
    expect(r.out).toContain('signed by anna at')
    const h = new HL7(readFileSync(hl7File, 'utf8'))
    h.transform()
    expect(h.get('OBR.3')).toBe('p1')
    expect(h.get('OBR.25')).toBe('F')
    expect(h.get('OBR.32.2')).toBe('anna')
    expect(h.getSegments('OBX').map((s) => s.get('OBX.5'))).toEqual(['5', '40.0', '60.0', '0.0'])

    const fhirFile = join(dir, 'p1.json')
    expect((await exportAs('fhir', fhirFile)).code).toBe(0)
    const bundle = JSON.parse(readFileSync(fhirFile, 'utf8')) as {
      entry: { resource: { resourceType: string; status: string } }[]
    }
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual([
      'DiagnosticReport',
      'Observation',
      'Observation',
      'Observation',
      'Observation'
    ])
    expect(bundle.entry[0].resource.status).toBe('final')

    // a later review changes the count: the export stays the signed result until it is signed again, corrected
    await classify('ALL', [join(folder, 'p1', 'c4.png')])
    expect((await exportAs('hl7', hl7File)).code).toBe(0)
    expect(readFileSync(hl7File, 'utf8')).toContain('|40.0|')
    const again = await cli('sample', 'sign', String(scanId), '--sample', 'p1', '--reason', 'too few cells')
    expect(again.out).toContain('(corrected, replaces result 1)')
    expect((await exportAs('hl7', hl7File)).code).toBe(0)
    const c = new HL7(readFileSync(hl7File, 'utf8'))
    c.transform()
    expect(c.get('OBR.25')).toBe('C')
    expect(c.getSegments('OBX').map((s) => s.get('OBX.5'))).toEqual(['5', '60.0', '40.0', '0.0'])
    expect((await exportAs('fhir', fhirFile)).code).toBe(0)
    expect(JSON.parse(readFileSync(fhirFile, 'utf8')).entry[0].resource.status).toBe('corrected')

    // while a rejected control run is not acknowledged, no result leaves
    const db = openDatabase(dataDir(data).db)
    const control = join(dir, 'control', 'ALL')
    mkdirSync(control, { recursive: true })
    writeFileSync(join(control, 'c.png'), 'x')
    await addControlSet(
      storeOf(db),
      { name: 'daily', folder: join(dir, 'control'), blastClass: 'ALL' },
      readControlSet(join(dir, 'control'))
    )
    const rejected = await recordQcRun(
      storeOf(db),
      'daily',
      await storeScan(db, join(dir, 'control'), []),
      'm-1'
    )
    db.close()
    const held = await exportAs('hl7', hl7File)
    expect(held.code).toBe(2)
    expect(held.err).toContain(
      `quality control is rejected (run ${rejected.id} of daily) and not acknowledged`
    )
    expect(
      (await cli('qc', 'ack', String(rejected.id), '--note', 'control slide replaced', '--reviewer', 'anna'))
        .code
    ).toBe(0)
    expect((await exportAs('hl7', hl7File)).code).toBe(0)

    const unknown = await exportAs('hl7', hl7File, 'p9')
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('has no sample "p9" (its samples: p1, p2)')
  })

  it('sends to the configured LIS and waits for its ACK; the same result keeps its control id; a NACK exits 1', async () => {
    const { scanId, cli, countAndSign } = await setup()
    await countAndSign('p1', 2, 5)
    await countAndSign('p2', 0, 2)
    expect((await cli('sample', 'send', String(scanId), '--sample', 'p1')).err).toContain('no LIS configured')
    const lis = await loopbackLis(['ack', 'ack', 'nack'])
    servers.push(lis.server)
    const set = await cli(
      'lis',
      '--host',
      '127.0.0.1',
      '--port',
      String(lis.port),
      '--sending-facility',
      'HEMLAB'
    )
    expect(set.code, set.err).toBe(0)
    expect(set.out).toContain(`LIS: 127.0.0.1:${lis.port}`)
    const first = await cli('sample', 'send', String(scanId), '--sample', 'p1')
    expect(first.code, first.err).toBe(0)
    expect(first.out).toMatch(/Delivered to 127\.0\.0\.1:\d+ as message LL\d+-[0-9a-f]{16} \(AA, 1 try\)/)
    const again = await cli('sample', 'send', String(scanId), '--sample', 'p1')
    expect(again.code, again.err).toBe(0)
    expect(lis.received).toHaveLength(2)
    expect(lis.stored.size).toBe(1)
    expect(lis.received[0].split('\r')[0].split('|')[3]).toBe('HEMLAB')
    const refused = await cli('sample', 'send', String(scanId), '--sample', 'p2')
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('refused (AE): unknown test code LL-ALL')
    expect((await cli('lis', '--port', '70000')).code).toBe(2)
  })
})
