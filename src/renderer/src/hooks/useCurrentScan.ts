import { useState } from 'react'
import type { ScanSummary } from '../../../shared/contract'
import { useCall } from '../api'

/**
 * The scan list and the scan under review (the chosen one, else the newest), with what follows its reviews:
 * a whole-field scan's fields and per-sample counts, the scan's result, and each sample's counted differential
 * with its sign-off.
 */
export function useCurrentScan(focusScanId: number | null) {
  const scans = useCall('scans:list', undefined)
  const [scanId, setScanId] = useState<number | null>(focusScanId)
  const currentScan: ScanSummary | undefined = scans.data?.find((s) => s.id === scanId) ?? scans.data?.[0]
  const currentId = currentScan?.id
  const isFieldScan = Boolean(currentScan?.cells)
  // A whole-field scan's fields, boxes and per-sample counts (reloaded after each review: counts follow them).
  const fieldScan = useCall(
    'scan:fields',
    isFieldScan && currentId !== undefined ? { scanId: currentId } : null
  )
  const fieldData = fieldScan.data?.scanId === currentId ? fieldScan.data : undefined
  // The scan's result (withheld or not) and whether it can be signed: they follow reviews too.
  const scanResult = useCall('scan:result', currentId !== undefined ? { scanId: currentId } : null)
  const resultView = scanResult.data?.scanId === currentId ? scanResult.data : undefined
  // Each sample's counted differential and whether it can be signed: a review counts a cell toward it.
  const differential = useCall('sample:differential', currentId !== undefined ? { scanId: currentId } : null)
  const samples = differential.data?.[0]?.scanId === currentId ? differential.data : undefined

  /** After a new scan: it becomes the one under review. */
  const scanned = (id: number) => {
    setScanId(id)
    scans.reload()
    scanResult.reload()
    differential.reload()
  }
  /** After stored reviews: the list's counts, the result and the field counts change with them. */
  const reviewed = () => {
    scans.reload()
    scanResult.reload()
    differential.reload()
    if (isFieldScan) fieldScan.reload()
  }

  return {
    scans,
    setScanId,
    currentScan,
    currentId,
    isFieldScan,
    fieldData,
    fieldError: fieldScan.error,
    resultView,
    samples,
    samplesError: differential.error,
    /** After a signature: the sample's state changes. */
    signed: differential.reload,
    scanned,
    reviewed
  }
}
