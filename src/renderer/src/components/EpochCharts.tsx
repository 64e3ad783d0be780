import { Stack, Typography } from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine'
import type { EpochLog } from '../../../shared/types/training'
import { bestEpoch } from '../logic/charts'

/**
 * Loss, accuracy and learning rate per epoch, updated as epochs arrive. The learning rate is drawn as the step
 * it is (it holds for a whole epoch and is halved on a plateau); the epoch whose weights are kept is marked.
 */
export function EpochCharts({ epochs, best: stored }: { epochs: EpochLog[]; best?: number | null }) {
  if (!epochs.length) return null
  const x = epochs.map((e) => e.epoch)
  const best = bestEpoch(epochs, stored)
  const common = {
    height: 240,
    xAxis: [
      {
        data: x,
        label: 'epoch',
        scaleType: 'linear' as const,
        tickMinStep: 1,
        min: 1,
        max: Math.max(2, x[x.length - 1])
      }
    ],
    skipAnimation: true
  }
  const mark = best ? <ChartsReferenceLine x={best} lineStyle={{ strokeDasharray: '4 3' }} /> : null
  return (
    <Stack spacing={0.5}>
      {best && (
        <Typography variant="body2" color="text.secondary">
          Dashed line: epoch {best}, the best so far — its weights are the ones kept. The learning rate is
          halved when the watched figure stops improving.
        </Typography>
      )}
      <Stack
        sx={{ flexWrap: 'wrap' }}
        direction="row"
        spacing={2}
        useFlexGap
        aria-label="training curves"
        data-best-epoch={best ?? ''}
      >
        <LineChart
          {...common}
          width={380}
          series={[
            { data: epochs.map((e) => e.loss), label: 'loss' },
            { data: epochs.map((e) => e.valLoss), label: 'val loss' }
          ]}
        >
          {mark}
        </LineChart>
        <LineChart
          {...common}
          width={380}
          series={[
            { data: epochs.map((e) => e.accuracy), label: 'accuracy' },
            { data: epochs.map((e) => e.valAccuracy), label: 'val accuracy' }
          ]}
        >
          {mark}
        </LineChart>
        <LineChart
          {...common}
          width={320}
          yAxis={[{ valueFormatter: (v: number) => v.toExponential(1), width: 60, min: 0 }]}
          series={[
            {
              data: epochs.map((e) => e.learningRate),
              label: 'learning rate',
              curve: 'stepAfter',
              showMark: false,
              valueFormatter: (v) => (v === null ? '' : v.toExponential(2))
            }
          ]}
        >
          {mark}
        </LineChart>
      </Stack>
    </Stack>
  )
}
