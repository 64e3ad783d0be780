import { useState } from 'react'
import { Box, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material'
import type { ModelView } from '../../../shared/contract'
import type { Evaluation } from '../../../shared/types/researcher'
import { call, useCall, useJob } from '../api'
import { JobButtons, JobProgress } from './JobControls'
import { Notice } from './Notice'
import { VersionSelect } from './VersionSelect'
import { NameSelect } from './NameSelect'
import { ClassReport, ConfusionMatrix, MetricsSummary, SplitSizeNote } from './MetricsView'

/** Any version on any imported dataset (its test split, or all its labelled images), with its stored threshold. */
export function EvaluateCard({ models }: { models: ModelView[] }) {
  const datasets = useCall('datasets:list', undefined)
  const [id, setId] = useState('')
  const [dataset, setDataset] = useState('')
  const [split, setSplit] = useState<'test' | 'all'>('test')
  const [result, setResult] = useState<Evaluation | null>(null)
  const job = useJob('evaluate')
  const modelId = id || models[0]?.id || ''
  const ds = dataset || datasets.data?.[0]?.name || ''
  const run = async () => {
    setResult(null)
    const r = await job.run((jobId) => call('models:evaluate', { jobId, id: modelId, dataset: ds, split }))
    if (r) setResult(r)
  }
  const name = (mid: string) => models.find((m) => m.id === mid)?.name || mid
  return (
    <Card variant="outlined" data-testid="evaluate-card">
      <CardContent>
        <Typography variant="overline">Evaluate a version on a dataset</Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
          <VersionSelect id="eval-model" label="Version" models={models} value={modelId} onChange={setId} />
          <NameSelect
            label="Dataset"
            id="eval-dataset"
            names={(datasets.data ?? []).map((d) => d.name)}
            value={ds}
            onChange={setDataset}
            sx={{ minWidth: 180 }}
          />
          <TextField
            select
            size="small"
            label="Images"
            value={split}
            onChange={(e) => setSplit(e.target.value as 'test' | 'all')}
            sx={{ width: 190 }}
          >
            <MenuItem value="test">its test split</MenuItem>
            <MenuItem value="all">all labelled images</MenuItem>
          </TextField>
          <JobButtons
            job={job}
            label="Evaluate"
            call="models:evaluate"
            canStart={Boolean(modelId && ds)}
            whyNot={!modelId ? 'No model version yet' : 'Import a dataset first'}
            onStart={() => void run()}
          />
        </Stack>
        <JobProgress job={job} startPhase="reading features" />
        <Notice error={job.error ?? datasets.error} onClose={() => job.setError(null)} />
        {result && (
          <Stack spacing={1.5} sx={{ mt: 2 }} data-testid="evaluation">
            <Typography variant="subtitle2">
              {name(result.modelId)} on {result.dataset} (
              {result.split === 'all' ? 'all labelled images' : 'test split'})
              {result.missing ? ` · ${result.missing} unreadable images left out` : ''}
            </Typography>
            <MetricsSummary m={result.metrics} />
            <SplitSizeNote
              m={result.metrics}
              what={result.split === 'all' ? 'set of images' : 'test split'}
            />
            <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }}>
              <ConfusionMatrix m={result.metrics} />
              <ClassReport m={result.metrics} />
            </Box>
          </Stack>
        )}
      </CardContent>
    </Card>
  )
}
