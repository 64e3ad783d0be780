import { useState } from 'react'
import type { CallResponse } from '../../../shared/contract'
import { call, useJob } from '../api'
import { baseName } from '../logic/format'

export type ScanStartResult = CallResponse<'scan:start'>
export type ScanOptions = { recursive: boolean; tta: boolean; rescan: boolean; fields: boolean }

/** The one-line summary of a finished (or cancelled) scan shown under the scan form. */
export function scanStatusLine(r: ScanStartResult): string {
  const cancelled = r.scan.status === 'cancelled' ? ' (cancelled; finished results kept)' : ''
  const skipped = r.skippedFolders.length ? `, ${r.skippedFolders.length} subfolder(s) not read` : ''
  if (r.fields) {
    const none = r.fields.withoutCells.length
    return `Scanned ${r.fields.fields} fields: ${r.scan.cells} white cells found, ${r.scan.flagged} flagged, ${r.unreadable.length} unreadable${skipped}${none ? `; no white cell in ${none} field${none === 1 ? '' : 's'} (${r.fields.withoutCells.map(baseName).join(', ')})` : ''}${cancelled}.`
  }
  return `Scanned ${r.scan.files} files: ${r.scan.flagged} flagged, ${r.unreadable.length} unreadable${skipped}${cancelled}.`
}

/**
 * The scan form's state (folder, model, switches) and the scan job itself; `onScanned` hears of each scan
 * that finished. The status line is shared with the review actions, which report into it too.
 */
export function useScanRun(onScanned: (r: ScanStartResult) => void) {
  const [folder, setFolder] = useState('')
  const [opts, setOpts] = useState<ScanOptions>({ recursive: true, tta: false, rescan: false, fields: false })
  const [scanModel, setScanModel] = useState('')
  const job = useJob('scan')
  const [status, setStatus] = useState<string | null>(null)
  // The subfolders the last scan could not enter (shown until the next scan starts).
  const [skippedFolders, setSkippedFolders] = useState<ScanStartResult['skippedFolders']>([])

  const start = async () => {
    setStatus(null)
    setSkippedFolders([])
    const r = await job.run((jobId) =>
      call('scan:start', { jobId, folder: folder.trim(), modelId: scanModel || undefined, ...opts })
    )
    if (!r) return
    setStatus(scanStatusLine(r))
    setSkippedFolders(r.skippedFolders)
    onScanned(r)
  }

  return {
    folder,
    setFolder,
    opts,
    setOpts,
    scanModel,
    setScanModel,
    job,
    status,
    setStatus,
    skippedFolders,
    start
  }
}

export type ScanRun = ReturnType<typeof useScanRun>
