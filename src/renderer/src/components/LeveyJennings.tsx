import { Typography } from '@mui/material'
import { ScatterChart } from '@mui/x-charts/ScatterChart'
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine'
import type { QcTarget } from '../../../shared/types/qc'

/**
 * A Levey–Jennings chart: each run's value in run order against the target mean and ±1, 2 and 3 SD. Runs that
 * were rejected are drawn apart, so a lab sees at once where the control drifted.
 */
export function LeveyJennings({
  title,
  points,
  target
}: {
  title: string
  points: { run: number; value: number; reject: boolean }[]
  target: QcTarget | null
}) {
  const ok = points.filter((p) => !p.reject && Number.isFinite(p.value))
  const bad = points.filter((p) => p.reject && Number.isFinite(p.value))
  const lines = target ? [-3, -2, -1, 0, 1, 2, 3].map((k) => ({ k, y: target.mean + k * target.sd })) : []
  const ys = [...points.map((p) => p.value), ...lines.map((l) => l.y)].filter(Number.isFinite)
  return (
    <figure style={{ margin: 0 }} aria-label={`Levey–Jennings chart: ${title}`}>
      <Typography variant="subtitle2">{title}</Typography>
      {!target && (
        <Typography variant="body2" color="text.secondary">
          No target yet: the rules need the control's mean and SD (qc target).
        </Typography>
      )}
      <ScatterChart
        height={240}
        skipAnimation
        xAxis={[{ label: 'run', tickMinStep: 1, valueFormatter: (v: number) => `#${Math.round(v)}` }]}
        yAxis={[
          { label: '%', min: Math.max(0, Math.min(...ys) - 2), max: Math.min(100, Math.max(...ys) + 2) }
        ]}
        series={[
          { label: 'in control', data: ok.map((p) => ({ id: p.run, x: p.run, y: p.value })) },
          { label: 'rejected', data: bad.map((p) => ({ id: p.run, x: p.run, y: p.value })), color: '#d32f2f' }
        ]}
      >
        {lines.map((l) => (
          <ChartsReferenceLine
            key={l.k}
            y={l.y}
            label={l.k === 0 ? 'mean' : `${l.k > 0 ? '+' : ''}${l.k} SD`}
            labelAlign="end"
            lineStyle={{ strokeDasharray: l.k === 0 ? undefined : Math.abs(l.k) === 3 ? '2 2' : '6 3' }}
          />
        ))}
      </ScatterChart>
    </figure>
  )
}
