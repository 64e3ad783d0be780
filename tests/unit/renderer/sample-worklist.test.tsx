// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import type { SampleWork } from '../../../src/shared/types/differential'

/** What the fake engine answers each call with (a function may throw, as a refusal does). */
let answers: Record<string, (arg: unknown) => unknown> = {}
const calls: [string, unknown][] = []

let SampleWorklist: typeof import('../../../src/renderer/src/components/SampleWorklist').SampleWorklist
let SampleLis: typeof import('../../../src/renderer/src/components/SampleLis').SampleLis
beforeAll(async () => {
  vi.stubGlobal('leukolens', {
    call: async (name: string, arg: unknown) => {
      calls.push([name, arg])
      const answer = answers[name]
      if (!answer) throw new Error(`unexpected call ${name}`)
      return answer(arg)
    },
    on: () => () => {},
    imageUrl: (p: string) => p,
    pathForFile: () => ''
  })
  ;({ SampleWorklist } = await import('../../../src/renderer/src/components/SampleWorklist'))
  ;({ SampleLis } = await import('../../../src/renderer/src/components/SampleLis'))
})
afterEach(() => {
  cleanup()
  calls.length = 0
  answers = {}
})

const share = (name: string, count: number, percent: number, low: number, high: number) => ({
  name,
  count,
  percent,
  low,
  high
})

function work(over: Partial<SampleWork>): SampleWork {
  return {
    scanId: 3,
    sample: 'p1',
    modelId: 'm-1',
    target: 100,
    counted: 7,
    classes: [
      share('ALL', 5, 71.4, 35.9, 91.8),
      share('HEM', 1, 14.3, 2.6, 51.3),
      share('unidentified', 1, 14.3, 2.6, 51.3)
    ],
    keys: [],
    cells: 9,
    unfamiliar: 0,
    flagged: 2,
    flaggedUnreviewed: 1,
    signOff: {
      possible: false,
      reasons: ['7 of 100 cells counted: count 93 more, or state why the count stops short']
    },
    signed: null,
    changedSinceSigned: false,
    folder: '/slides/ward-4',
    scanStartedAt: '2026-12-06T08:00:00.000Z',
    scanStatus: 'done',
    waiting: true,
    ...over
  }
}

const SIGNED = {
  id: 4,
  scanId: 2,
  sample: 'q',
  status: 'final' as const,
  replaces: null,
  target: 100,
  counted: 100,
  classes: [],
  modelId: 'm-1',
  signer: 'anna',
  reason: null,
  signedAt: '2026-12-06T09:00:00.000Z',
  auditEntry: 9,
  contentSha256: 'ab'
}

describe("Home's samples", () => {
  it('lists the waiting samples first with their count, flags, shares (unidentified too) and why not signable; a row opens the sample', async () => {
    const onOpen = vi.fn()
    answers['sample:list'] = () => [
      work({
        scanId: 2,
        sample: 'q',
        waiting: false,
        counted: 100,
        signed: SIGNED,
        signOff: { possible: false, reasons: ['it is signed already'] }
      }),
      work({})
    ]
    render(<SampleWorklist onOpen={onOpen} />)
    const rows = await screen.findAllByTestId('worklist-row')
    expect(
      screen.getByRole('heading', { name: /Samples — 1 waiting for a count or sign-off, 1 signed/ })
    ).toBeTruthy()
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual([
      'open sample p1 of scan 3',
      'open sample q of scan 2'
    ])
    const first = within(rows[0])
    expect(rows[0].textContent).toContain('7 of 100 counted (93 to go)')
    expect(rows[0].textContent).toContain('1 of 2')
    expect(rows[0].textContent).toContain('unidentified 1 14.3% [2.6–51.3]')
    expect(first.getByTestId('worklist-state').textContent).toBe(
      'not yet: 7 of 100 cells counted: count 93 more, or state why the count stops short'
    )
    expect(within(rows[1]).getByTestId('worklist-state').textContent).toBe('signed by anna (result 4)')
    fireEvent.click(rows[0])
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ scanId: 3, sample: 'p1' }))
  })

  it('says when no scan has a sample yet', async () => {
    answers['sample:list'] = () => []
    render(<SampleWorklist onOpen={() => {}} />)
    expect((await screen.findByText(/No sample in the newest scans/)).textContent).toContain('scan a folder')
  })
})

describe("a sample's way to the LIS", () => {
  it('refuses an unsigned sample with the reason alone, no button to press', () => {
    render(<SampleLis view={work({})} />)
    expect(screen.getByTestId('lis-refusal').textContent).toBe(
      'Sample p1 is not signed: only a signed result leaves for the LIS. Sign it first.'
    )
    expect(screen.queryAllByRole('button')).toEqual([])
  })

  it('exports where the save dialog points, and says what the LIS answered or why it did not take it', async () => {
    answers['dialog:save'] = () => ({ saveToken: 't1' })
    answers['lis:export'] = () => ({ file: '/out/scan-2-q.hl7', controlId: 'LL2-x' })
    render(<SampleLis view={work({ scanId: 2, sample: 'q', signed: SIGNED, waiting: false })} />)
    fireEvent.click(screen.getByRole('button', { name: 'Export HL7…' }))
    expect((await screen.findByTestId('lis-outcome')).textContent).toBe(
      'HL7 message written to /out/scan-2-q.hl7'
    )
    expect(calls).toEqual([
      ['dialog:save', { title: 'Export HL7 v2.5.1 ORU^R01', defaultName: 'scan-2-q.hl7', ext: 'hl7' }],
      ['lis:export', { scanId: 2, sample: 'q', format: 'hl7', saveToken: 't1' }]
    ])

    answers['lis:send'] = () => ({
      host: 'lis.lab',
      port: 2575,
      controlId: 'LL2-x',
      ack: 'AA',
      attempts: 2,
      failures: ['connection failed (ECONNREFUSED)']
    })
    fireEvent.click(screen.getByRole('button', { name: 'Send to LIS' }))
    await screen.findByText(/^Delivered/)
    expect(screen.getByTestId('lis-outcome').textContent).toBe(
      'Delivered to lis.lab:2575 as message LL2-x (AA, 2 tries; failed first: connection failed (ECONNREFUSED)).'
    )

    answers['lis:send'] = () => {
      throw new Error(
        'lis.lab:2575 did not accept message LL2-x: refused (AE): unknown code (try 1; not retried)'
      )
    }
    fireEvent.click(screen.getByRole('button', { name: 'Send to LIS' }))
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /^lis\.lab:2575 did not accept message LL2-x/
    )
  })
})
