import { useState } from 'react'
import {
  Box,
  Button,
  Card,
  CardContent,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  TextField,
  Typography
} from '@mui/material'
import type { ModelView, TrainOptions, TrainResult } from '../../../shared/contract'
import type { EpochLog } from '../../../shared/types/training'
import { call, errorText, useCall, useEvent, useJob } from '../api'
import { JobButtons, JobProgress } from '../components/JobControls'
import { Notice } from '../components/Notice'
import { ReasonButton } from '../components/ReasonButton'
import { EpochCharts } from '../components/EpochCharts'
import {
  ClassReport,
  ConfusionMatrix,
  MetricsSummary,
  RocCurve,
  SplitSizeNote
} from '../components/MetricsView'
import { CalibrationView } from '../components/CalibrationView'
import { LeftOutNote } from '../components/LeftOutNote'
import { duration } from '../logic/format'
import { OPERATING_POINTS, operatingPointText } from '../logic/operating-point'
import type { ScreenProps } from '.'

/**
 * Train a head on stored features: pick dataset, backbone and options, watch loss/accuracy/learning rate per
 * epoch, cancel at any moment; then the test metrics, and keep (with a name), discard or activate the version.
 */
/** Recipes the window offers (the command line has every one: `train --recipe`). */
const RECIPES: [string, string][] = [
  ['logistic', 'logistic regression (default)'],
  ['balanced-flip', 'head, balanced + flip'],
  ['published', 'published head (notebook)']
]

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
  const job = useJob('train')
  const [epochs, setEpochs] = useState<EpochLog[]>([])
  const [model, setModel] = useState<ModelView | null>(null)
  const [leftOut, setLeftOut] = useState<TrainResult['leftOut'] | null>(null)
  const [decision, setDecision] = useState<'kept' | 'discarded' | 'activated' | null>(null)
  const [name, setName] = useState('')
  const { error, setError } = job

  useEvent('training:epoch', (p) => p.jobId === job.jobId && setEpochs((e) => [...e, p.epoch]))

  const dataset = opts.dataset || datasets.data?.[0]?.name || ''
  // Retraining defaults to the active version's backbone, so new cells are learnt on the same features.
  const activeBackbone = models.data?.find((m) => m.active)?.backbone
  const backbone =
    opts.backbone ||
    (activeBackbone && backbones.data?.some((b) => b.name === activeBackbone)
      ? activeBackbone
      : backbones.data?.[0]?.name) ||
    ''
  const set = <K extends keyof TrainOptions>(k: K, v: TrainOptions[K]) => setOpts((o) => ({ ...o, [k]: v }))

  const start = async () => {
    setEpochs([])
    setModel(null)
    setLeftOut(null)
    setDecision(null)
    const r = await job.run((jobId) =>
      call('training:start', { jobId, options: { ...opts, dataset, backbone } })
    )
    if (!r) return
    setModel(r.model)
    setLeftOut(r.leftOut)
    setName(r.model.name)
  }
  const act = async (what: 'kept' | 'discarded' | 'activated') => {
    if (!model) return
    try {
      if (what === 'discarded') await call('models:delete', { id: model.id })
      else {
        if (name.trim() && name.trim() !== model.name)
          await call('models:rename', { id: model.id, name: name.trim() })
        if (what === 'activated') await call('models:activate', { id: model.id })
      }
      setDecision(what)
    } catch (err) {
      setError(errorText(err))
    }
  }

  return (
    <Stack spacing={2}>
      <Notice error={datasets.error ?? backbones.error} />
      <Card variant="outlined">
        <CardContent>
          <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={1.5} useFlexGap>
            <TextField
              select
              size="small"
              label="Dataset"
              id="train-dataset"
              value={dataset}
              onChange={(e) => set('dataset', e.target.value)}
              sx={{ minWidth: 180 }}
            >
              {(datasets.data ?? []).map((d) => (
                <MenuItem key={d.name} value={d.name}>
                  {d.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              size="small"
              label="Backbone"
              id="train-backbone"
              value={backbone}
              onChange={(e) => set('backbone', e.target.value)}
              sx={{ minWidth: 180 }}
            >
              {(backbones.data ?? []).map((b) => (
                <MenuItem key={b.name} value={b.name}>
                  {b.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              size="small"
              label="Recipe"
              id="train-recipe"
              value={opts.recipe}
              onChange={(e) => {
                // A recipe sets its class weights and flips; the fields below can still change them.
                const recipe = e.target.value
                setOpts((o) => ({
                  ...o,
                  recipe,
                  classWeight: recipe === 'published' ? 'none' : 'balanced',
                  flip: recipe !== 'published'
                }))
              }}
              sx={{ minWidth: 220 }}
            >
              {RECIPES.map(([value, label]) => (
                <MenuItem key={value} value={value}>
                  {label}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              size="small"
              label="Operating point"
              id="train-operating-point"
              value={OPERATING_POINTS.findIndex(
                ([, op]) => JSON.stringify(op) === JSON.stringify(opts.operatingPoint)
              )}
              onChange={(e) => set('operatingPoint', OPERATING_POINTS[Number(e.target.value)][1])}
              sx={{ minWidth: 240 }}
            >
              {OPERATING_POINTS.map(([label], i) => (
                <MenuItem key={label} value={i}>
                  {label}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              size="small"
              type="number"
              label="Max epochs"
              value={opts.epochs}
              onChange={(e) => set('epochs', Number(e.target.value))}
              sx={{ width: 110 }}
            />
            <TextField
              size="small"
              type="number"
              label="Batch size"
              value={opts.batchSize}
              onChange={(e) => set('batchSize', Number(e.target.value))}
              sx={{ width: 110 }}
            />
            <TextField
              size="small"
              type="number"
              label="Seed"
              value={opts.seed}
              onChange={(e) => set('seed', Number(e.target.value))}
              sx={{ width: 100 }}
            />
            <TextField
              select
              size="small"
              label="Class weights"
              value={opts.classWeight}
              onChange={(e) => set('classWeight', e.target.value as TrainOptions['classWeight'])}
              sx={{ width: 180 }}
            >
              <MenuItem value="none">none (published)</MenuItem>
              <MenuItem value="balanced">balanced</MenuItem>
            </TextField>
            <TextField
              select
              size="small"
              label="Monitor"
              value={opts.monitor}
              onChange={(e) => set('monitor', e.target.value as TrainOptions['monitor'])}
              sx={{ width: 200 }}
            >
              <MenuItem value="val_loss">validation loss</MenuItem>
              <MenuItem value="notebook">as the notebook (accuracy, then val loss)</MenuItem>
            </TextField>
            <FormControlLabel
              control={
                <Switch checked={Boolean(opts.flip)} onChange={(e) => set('flip', e.target.checked)} />
              }
              label="Flip augmentation"
            />
            <JobButtons
              job={job}
              label="Train"
              canStart={Boolean(dataset && backbone)}
              whyNot={
                !dataset
                  ? 'Import a dataset first (Datasets screen)'
                  : 'Add a backbone first (Settings → Backbones)'
              }
              onStart={() => void start()}
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
        <Card variant="outlined" data-testid="training-result">
          <CardContent>
            <Typography variant="h6" gutterBottom>
              Result: version {model.id} ({model.backbone} on {model.dataset})
            </Typography>
            {model.test ? (
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
            ) : (
              <Typography>
                This dataset has no test split, so there are no test metrics. Split it on the Datasets screen
                to measure the next version.
              </Typography>
            )}
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
                  {decision !== 'discarded' && <Button onClick={() => navigate('models')}>Models</Button>}
                </Typography>
              )}
            </Stack>
          </CardContent>
        </Card>
      )}
    </Stack>
  )
}
