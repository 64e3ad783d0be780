import { useState } from 'react'
import { Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material'
import type { ModelView, TrainResult } from '../../../shared/contract'
import { call, errorText } from '../api'
import { ReasonButton } from './ReasonButton'
import { ClassReport, ConfusionMatrix, MetricsSummary, RocCurve, SplitSizeNote } from './MetricsView'
import { CalibrationView } from './CalibrationView'
import { LeftOutNote } from './LeftOutNote'
import { operatingPointText } from '../logic/operating-point'

type Decision = 'kept' | 'discarded' | 'activated'

/** A new version's test metrics, or why there are none. */
function TrainingTestMetrics({
  model,
  leftOut
}: {
  model: ModelView
  leftOut: TrainResult['leftOut'] | null
}) {
  if (!model.test)
    return (
      <Typography>
        This dataset has no test split, so there are no test metrics. Split it on the Datasets screen to
        measure the next version.
      </Typography>
    )
  return (
    <Stack spacing={2}>
      <MetricsSummary m={model.test} />
      <SplitSizeNote m={model.test} />
      {leftOut && <LeftOutNote leftOut={leftOut} />}
      {model.threshold && (
        <Typography variant="body2" data-testid="operating-point-result">
          Operating point (chosen on the validation split): {operatingPointText(model)}
        </Typography>
      )}
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <ConfusionMatrix m={model.test} />
        <ClassReport m={model.test} />
        <RocCurve m={model.test} />
      </Box>
      <CalibrationView trust={model.trust} />
    </Stack>
  )
}

/**
 * The version a training run made: its test metrics, then keep it (under a name), keep and activate it, or
 * discard it. Mount it afresh (a new key) for each new version.
 */
export function TrainingResultCard({
  model,
  leftOut,
  onError,
  onModels
}: {
  model: ModelView
  leftOut: TrainResult['leftOut'] | null
  onError: (error: string) => void
  onModels: () => void
}) {
  const [decision, setDecision] = useState<Decision | null>(null)
  const [name, setName] = useState(model.name)
  const act = async (what: Decision) => {
    try {
      if (what === 'discarded') await call('models:delete', { id: model.id })
      else {
        if (name.trim() && name.trim() !== model.name)
          await call('models:rename', { id: model.id, name: name.trim() })
        if (what === 'activated') await call('models:activate', { id: model.id })
      }
      setDecision(what)
    } catch (err) {
      onError(errorText(err))
    }
  }
  return (
    <Card variant="outlined" data-testid="training-result">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Result: version {model.id} ({model.backbone} on {model.dataset})
        </Typography>
        <TrainingTestMetrics model={model} leftOut={leftOut} />
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 2 }}>
          <TextField
            size="small"
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={decision !== null}
          />
          <ReasonButton
            variant="outlined"
            why={decision && `Already ${decision}`}
            onClick={() => void act('kept')}
          >
            Keep
          </ReasonButton>
          <ReasonButton
            variant="contained"
            why={(decision === 'discarded' || decision === 'activated') && `Already ${decision}`}
            onClick={() => void act('activated')}
          >
            Keep and activate
          </ReasonButton>
          <ReasonButton
            color="error"
            why={decision && `Already ${decision}`}
            onClick={() => void act('discarded')}
          >
            Discard
          </ReasonButton>
          {decision && (
            <Typography role="status">
              {decision === 'discarded'
                ? 'Discarded.'
                : decision === 'activated'
                  ? 'Kept and active.'
                  : 'Kept.'}{' '}
              {decision !== 'discarded' && <Button onClick={onModels}>Models</Button>}
            </Typography>
          )}
        </Stack>
      </CardContent>
    </Card>
  )
}
