import { useState } from 'react'
import { Stack, Typography } from '@mui/material'
import { errorText, useCall } from '../api'
import { Notice } from '../components/Notice'
import { useBackbonePrecision } from '../backbone-precision'
import { EvaluateCard } from '../components/EvaluateCard'
import { AgreementCard } from '../components/AgreementCard'
import { CompareCard } from '../components/CompareCard'
import { BackbonesCard } from '../components/BackbonesCard'
import { ImportModelCard } from '../components/ImportModelCard'
import { ModelVersionsTable } from '../components/ModelVersionsTable'
import type { ScreenProps } from './screen-props'

/**
 * Every version side by side; activate, export to one file, import (also the notebook's .keras), delete; then
 * evaluate any version on any dataset, compare two versions on a scan, and the backbones.
 */
export function Models(_props: ScreenProps) {
  const models = useCall('models:list', undefined)
  const precision = useBackbonePrecision()
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async (what: () => Promise<string | void>) => {
    setError(null)
    setBusy(true)
    try {
      const msg = await what()
      if (msg) setStatus(msg)
      models.reload()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  const list = models.data ?? []
  return (
    <Stack spacing={2}>
      <ImportModelCard busy={busy} run={run} onError={setError} />
      <Notice error={error ?? models.error} onClose={() => setError(null)} />
      {status && <Typography role="status">{status}</Typography>}
      {list.length === 0 && !models.loading && !models.error && (
        <Typography color="text.secondary">
          No model versions yet: train one on the Training screen, or import a model file above.
        </Typography>
      )}
      {list.length > 0 && <ModelVersionsTable list={list} busy={busy} run={run} precision={precision} />}
      {list.length > 0 && <AgreementCard models={list} />}
      {list.length > 0 && <EvaluateCard models={list} />}
      {list.length > 0 && <CompareCard models={list} />}
      <BackbonesCard models={list} />
    </Stack>
  )
}
