// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import type { ScanRun } from '../../../src/renderer/src/hooks/useScanRun'

let ScanForm: typeof import('../../../src/renderer/src/components/ScanForm').ScanForm
beforeAll(async () => {
  vi.stubGlobal('leukolens', {
    call: async () => undefined,
    on: () => () => {},
    imageUrl: (p: string) => p,
    pathForFile: () => ''
  })
  ;({ ScanForm } = await import('../../../src/renderer/src/components/ScanForm'))
})
afterEach(cleanup)

/** The scan form's state as useScanRun gives it: no scan running, the last one's outcome in the status. */
function idleRun(status: string | null): ScanRun {
  return {
    folder: '/data/smears',
    setFolder: () => {},
    opts: { recursive: true, tta: false, rescan: false, fields: false },
    setOpts: () => {},
    scanModel: '',
    setScanModel: () => {},
    job: {
      jobId: null,
      running: false,
      progress: null,
      error: null,
      setError: () => {},
      run: async () => undefined,
      cancel: () => {}
    },
    status,
    setStatus: () => {},
    skippedFolders: [],
    start: async () => {}
  }
}

const CHAIN = { ok: true, entries: 14, lastHash: 'ab12' }

describe('the scan form above the review', () => {
  it('folds to one line while a scan is shown: New scan…, the last outcome, the audit chain, the actions', () => {
    const onExpand = vi.fn()
    render(
      <ScanForm
        run={idleRun('Scanned 13 files: 3 flagged, 0 unreadable.')}
        models={[]}
        scansError={undefined}
        chain={CHAIN}
        collapsed
        onExpand={onExpand}
        actions={<button>Export CSV</button>}
      />
    )
    expect(screen.queryByLabelText('Folder to scan')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Scan' })).toBeNull()
    expect(screen.getByRole('status').textContent).toBe('Scanned 13 files: 3 flagged, 0 unreadable.')
    expect(screen.getByTestId('audit-chain').textContent).toBe('Audit log intact (14 entries)')
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'New scan…' }))
    expect(onExpand).toHaveBeenCalled()
  })

  it('opened, shows the folder, model and switches, a broken audit chain in full, and folds back with Hide', () => {
    const onCollapse = vi.fn()
    render(
      <ScanForm
        run={idleRun(null)}
        models={[]}
        scansError={undefined}
        chain={{ ok: false, entries: 14, lastHash: 'ab12', broken: { id: 9, reason: 'hash mismatch' } }}
        collapsed={false}
        onExpand={() => {}}
        onCollapse={onCollapse}
      />
    )
    expect((screen.getByLabelText('Folder to scan') as HTMLInputElement).value).toBe('/data/smears')
    expect(screen.getByRole('switch', { name: 'whole fields' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'New scan…' })).toBeNull()
    expect(screen.getByTestId('audit-chain').textContent).toBe(
      'Review audit log: the hash chain is broken at entry 9 — hash mismatch'
    )
    fireEvent.click(screen.getByRole('button', { name: 'Hide' }))
    expect(onCollapse).toHaveBeenCalled()
  })
})
