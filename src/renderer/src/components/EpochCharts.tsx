import { Stack } from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import type { EpochLog } from '../../../shared/types/training'

/** Loss, accuracy and learning rate per epoch, updated as epochs arrive. */
export function EpochCharts({ epochs }: { epochs: EpochLog[] }) {
  if (!epochs.length) return null
  const x = epochs.map((e) => e.epoch)
  const common = { height: 240, xAxis: [{ data: x, label: 'epoch', scaleType: 'point' as const }], skipAnimation: true }
  return (
    <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={2} useFlexGap aria-label="training curves">
      <LineChart {...common} width={380} series={[{ data: epochs.map((e) => e.loss), label: 'loss' }, { data: epochs.map((e) => e.valLoss), label: 'val loss' }]} />
      <LineChart {...common} width={380} series={[{ data: epochs.map((e) => e.accuracy), label: 'accuracy' }, { data: epochs.map((e) => e.valAccuracy), label: 'val accuracy' }]} />
      <LineChart {...common} width={300} yAxis={[{ valueFormatter: (v: number) => v.toExponential(1), width: 60 }]} series={[{ data: epochs.map((e) => e.learningRate), label: 'learning rate', valueFormatter: (v) => (v === null ? '' : v.toExponential(2)) }]} />
    </Stack>
  )
}
