// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { QueuedScanView, StoreView } from '../../../src/shared/calls/people'

const calls: { name: string; arg: unknown }[] = []
let answer: (name: string, arg: unknown) => unknown = () => undefined

type Mod<T> = T extends () => Promise<infer M> ? M : never
const load = async () => ({
  ...(await import('../../../src/renderer/src/screens/SignIn')),
  ...(await import('../../../src/renderer/src/components/SignatureDialog')),
  ...(await import('../../../src/renderer/src/components/PersonBar')),
  ...(await import('../../../src/renderer/src/components/QueuedScans')),
  ...(await import('../../../src/renderer/src/components/SampleSignatures'))
})
let m: Mod<typeof load>
beforeAll(async () => {
  vi.stubGlobal('leukolens', {
    call: async (name: string, arg: unknown) => {
      calls.push({ name, arg })
      return answer(name, arg)
    },
    on: () => () => {},
    imageUrl: (p: string) => p,
    pathForFile: () => ''
  })
  m = await load()
})
beforeEach(() => void (calls.length = 0))
afterEach(cleanup)

const STORE: StoreView = {
  engine: 'postgres',
  place: 'postgres://lab@server:5432/leukolens',
  signInRequired: true,
  person: null
}
const ANA = { name: 'ana', role: 'reviewer' as const }

describe('SignIn', () => {
  it('submits on Enter, shows the one refusal line and empties the password, keeping the name', async () => {
    const onSignIn = vi.fn(async () => 'wrong name or password')
    render(<m.SignIn store={STORE} onSignIn={onSignIn} />)
    expect(screen.getByText(STORE.place)).toBeTruthy()
    const button = screen.getByRole('button', { name: 'Sign in' })
    expect(button).toHaveProperty('disabled', true)
    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: ' ana ' } })
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'nope' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Leukolens' }))
    expect((await screen.findByRole('alert')).textContent).toBe('wrong name or password')
    expect(onSignIn).toHaveBeenCalledWith('ana', 'nope')
    expect(screen.getByLabelText(/Password/)).toHaveProperty('value', '')
    expect(screen.getByLabelText(/Name/)).toHaveProperty('value', ' ana ')
    expect(screen.getAllByRole('alert')).toHaveLength(1)
  })
})

describe('SignatureDialog', () => {
  it('keeps the dialog open with the refusal after a wrong password, and signs with the meaning chosen', async () => {
    const onSigned = vi.fn()
    answer = (_n, arg) => {
      if ((arg as { password: string }).password !== 'right')
        throw new Error('the password is wrong: nothing was signed')
      return {
        id: 1,
        person: 'ana',
        role: 'reviewer',
        meaning: 'approved',
        kind: 'sample',
        recordId: '3:s',
        contentSha256: 'ab',
        at: 'now'
      }
    }
    render(
      <m.SignatureDialog
        open
        person={ANA}
        kind="sample"
        recordId="3:s"
        what={<span>Sample s of scan 3</span>}
        onClose={() => {}}
        onSigned={onSigned}
      />
    )
    expect(screen.getByLabelText('what is signed').textContent).toBe('Sample s of scan 3')
    expect(screen.getByRole('dialog', { name: 'Sign as ana' })).toBeTruthy()
    fireEvent.click(screen.getByRole('radio', { name: /Approved/ }))
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign' }))
    expect((await screen.findByRole('alert')).textContent).toBe('the password is wrong: nothing was signed')
    expect(onSigned).not.toHaveBeenCalled()
    expect(screen.getByRole('dialog')).toBeTruthy()
    expect(screen.getByLabelText('Password')).toHaveProperty('value', '')
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign' }))
    await waitFor(() => expect(onSigned).toHaveBeenCalledTimes(1))
    expect(calls.map((c) => c.arg)).toEqual([
      { kind: 'sample', recordId: '3:s', meaning: 'approved', password: 'wrong' },
      { kind: 'sample', recordId: '3:s', meaning: 'approved', password: 'right' }
    ])
  })
})

describe('signatureText', () => {
  it('names signer, role and meaning, and says when the sample changed since', () => {
    const s = {
      id: 1,
      person: 'rita',
      role: 'reviewer' as const,
      meaning: 'approved' as const,
      kind: 'sample',
      recordId: '3:s',
      contentSha256: 'ab',
      at: 'not a date'
    }
    expect(m.signatureText(s)).toBe('Approved by rita (reviewer), not a date')
    expect(m.signatureText({ ...s, current: true })).toBe('Approved by rita (reviewer), not a date')
    expect(m.signatureText({ ...s, meaning: 'reviewed', current: false })).toBe(
      'Reviewed by rita (reviewer), not a date — the sample changed since: that signature is of an earlier state'
    )
  })
})

describe('PersonBar', () => {
  it('names the person and role with a sign-out, and nothing without one', () => {
    const onSignOut = vi.fn()
    const { container, rerender } = render(
      <m.PersonBar store={{ ...STORE, person: ANA }} onSignOut={onSignOut} />
    )
    expect(screen.getByLabelText('signed in').textContent).toMatch(/ana.*reviewer/)
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(onSignOut).toHaveBeenCalled()
    rerender(
      <m.PersonBar store={{ ...STORE, engine: 'sqlite', signInRequired: false }} onSignOut={onSignOut} />
    )
    expect(container.textContent).toBe('')
  })
})

const queued = (over: Partial<QueuedScanView> = {}): QueuedScanView => ({
  scanId: 7,
  folder: '/lab/smears/patient-12',
  modelId: 'm-1',
  status: 'running',
  startedAt: '2026-12-06T10:00:00Z',
  finishedAt: null,
  batches: { total: 8, done: 3, running: 2, failed: 1, waiting: 3 },
  images: { total: 400, done: 150 },
  machines: [
    { machine: 'lab-pc-2', pid: 4121, done: 2, running: 1, since: '2026-12-06T10:00:01Z' },
    { machine: 'lab-pc-3', pid: null, done: 1, running: 1, since: '2026-12-06T10:00:02Z' }
  ],
  error: 'lab-pc-4: the folder cannot be read',
  ...over
})

describe('QueuedScans', () => {
  it('shows progress and machines, asks again while unfinished, and stops once every batch is done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      let n = 0
      answer = () =>
        ++n < 3
          ? [queued()]
          : [
              queued({
                status: 'done',
                finishedAt: '2026-12-06T10:05:00Z',
                batches: { total: 8, done: 8, running: 0, failed: 0, waiting: 0 },
                images: { total: 400, done: 400 },
                machines: [
                  { machine: 'lab-pc-2', pid: 4121, done: 5, running: 0, since: '2026-12-06T10:00:01Z' },
                  { machine: 'lab-pc-3', pid: 77, done: 3, running: 0, since: '2026-12-06T10:00:02Z' }
                ],
                error: null
              })
            ]
      const onOpen = vi.fn()
      render(<m.QueuedScans onOpen={onOpen} />)
      const card = await screen.findByTestId('queued-scans')
      expect(card.textContent).toContain('150 of 400 images')
      expect(card.textContent).toContain(
        '3 of 8 batches done · 2 running · 3 waiting (1 failed, to be taken again)'
      )
      expect(card.textContent).toContain(
        'lab-pc-2 (pid 4121): 2 batches done, 1 running · lab-pc-3: 1 batch done, 1 running'
      )
      expect(screen.getByRole('progressbar', { name: 'scan 7: 150 of 400 images' })).toBeTruthy()
      expect(card.textContent).toContain('lab-pc-4: the folder cannot be read')
      await vi.advanceTimersByTimeAsync(3100)
      await vi.advanceTimersByTimeAsync(3100)
      await waitFor(() => expect(card.textContent).toContain('400 of 400 images'))
      expect(card.textContent).toContain(
        'lab-pc-2 (pid 4121): 5 batches done · lab-pc-3 (pid 77): 3 batches done'
      )
      expect(card.textContent).not.toContain('cannot be read')
      const asked = calls.length
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls.length).toBe(asked)
      expect(calls.every((c) => c.name === 'queue:scans')).toBe(true)
      fireEvent.click(screen.getByRole('button', { name: 'Open scan 7' }))
      expect(onOpen).toHaveBeenCalledWith(7)
    } finally {
      vi.useRealTimers()
    }
  })
  it('shows a failed scan as ended, with why and how to finish it, and stops asking', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const why =
        'scan 7 failed: 1 of 8 batch(es) failed on every try (batch 2 of scan 7 was given up after 6 tries)'
      answer = () => [
        queued({
          status: 'failed',
          finishedAt: '2026-12-06T10:05:00Z',
          batches: { total: 8, done: 7, running: 0, failed: 1, waiting: 1 },
          error: why
        })
      ]
      render(<m.QueuedScans onOpen={() => {}} />)
      const card = await screen.findByTestId('queued-scans')
      expect(card.textContent).toContain('scan 7 · failed')
      expect(card.textContent).toContain('7 of 8 batches done · 1 not finished (1 failed on every try)')
      expect(card.textContent).toContain(why)
      expect(card.textContent).not.toContain('updating every few seconds')
      const asked = calls.length
      await vi.advanceTimersByTimeAsync(10_000)
      expect(calls.length).toBe(asked)
    } finally {
      vi.useRealTimers()
    }
  })
  it('shows nothing where no scan was ever queued', async () => {
    answer = () => []
    const { container } = render(<m.QueuedScans onOpen={() => {}} />)
    await waitFor(() => expect(calls.length).toBe(1))
    expect(container.textContent).toBe('')
  })
})
