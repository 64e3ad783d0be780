import { useState } from 'react'
import { Card, CardContent, Stack, Typography } from '@mui/material'
import type { TrainOptions } from '../../../shared/contract'
import { useCall } from '../api'
import { JobButtons, JobProgress } from '../components/JobControls'
import { Notice } from '../components/Notice'
import { EpochCharts } from '../components/EpochCharts'
import { NameSelect } from '../components/NameSelect'
import { TrainingOptionFields } from '../components/TrainingForm'
import { TrainingResultCard } from '../components/TrainingResult'
import { useTrainingJob } from '../hooks/useTrainingJob'
import { duration } from '../logic/format'
import type { ScreenProps } from './screen-props'

/**
 * Train a head on stored features: pick dataset, backbone and options, watch loss/accuracy/learning rate per
 * epoch, cancel at any moment; then the test metrics, and keep (with a name), discard or activate the version.
 */
export function Training({ navigate, focus }: ScreenProps) {
  const datasets = useCall('datasets:list', undefined)
  const backbones = useCall('backbones:list', undefined)
  const models = useCall('models:list', undefined)
  // The default recipe (README, "Default recipe"): the class-balanced logistic regression with flip features.
  const [opts, setOpts] = useState<TrainOptions>({
    dataset: focus?.dataset ?? '',
    backbone: '',
    epochs: 40,
    batchSize: 40,
    seed: 42,
    classWeight: 'balanced',
    monitor: 'val_loss',
    flip: true,
    recipe: 'logistic',
    operatingPoint: { kind: 'balanced' }
  })
  const { job, epochs, model, leftOut, start } = useTrainingJob()
  const { error, setError } = job

  const dataset = opts.dataset || datasets.data?.[0]?.name || ''
  // Retraining defaults to the active version's backbone, so new cells are learnt on the same features.
  const activeBackbone = models.data?.find((m) => m.active)?.backbone
  const backbone =
    opts.backbone ||
    (activeBackbone && backbones.data?.some((b) => b.name === activeBackbone)
      ? activeBackbone
      : backbones.data?.[0]?.name) ||
    ''

  return (
    <Stack spacing={2}>
      <Notice error={datasets.error ?? backbones.error} />
      <Card variant="outlined">
        <CardContent>
          <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={1.5} useFlexGap>
            <NameSelect
              label="Dataset"
              id="train-dataset"
              names={(datasets.data ?? []).map((d) => d.name)}
              value={dataset}
              onChange={(v) => setOpts((o) => ({ ...o, dataset: v }))}
              sx={{ minWidth: 180 }}
            />
            <NameSelect
              label="Backbone"
              id="train-backbone"
              names={(backbones.data ?? []).map((b) => b.name)}
              value={backbone}
              onChange={(v) => setOpts((o) => ({ ...o, backbone: v }))}
              sx={{ minWidth: 180 }}
            />
            <TrainingOptionFields opts={opts} setOpts={setOpts} />
            <JobButtons
              job={job}
              label="Train"
              call="training:start"
              canStart={Boolean(dataset && backbone)}
              whyNot={
                !dataset
                  ? 'Import a dataset first (Datasets screen)'
                  : 'Add a backbone first (Settings → Backbones)'
              }
              onStart={() => void start({ ...opts, dataset, backbone })}
            />
          </Stack>
          <JobProgress job={job} startPhase="preparing" />
          <Notice error={error} onClose={() => setError(null)} />
        </CardContent>
      </Card>
      {epochs.length > 0 && (
        <Card variant="outlined">
          <CardContent>
            <Typography variant="overline">
              Epoch {epochs[epochs.length - 1].epoch} · {duration(epochs.reduce((a, e) => a + e.seconds, 0))}
            </Typography>
            <EpochCharts epochs={epochs} best={model?.bestEpoch} />
          </CardContent>
        </Card>
      )}
      {model && (
        <TrainingResultCard
          key={model.id}
          model={model}
          leftOut={leftOut}
          onError={setError}
          onModels={() => navigate('models')}
        />
      )}
    </Stack>
  )
}
