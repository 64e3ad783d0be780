import { Typography } from '@mui/material'
import { ScatterChart } from '@mui/x-charts/ScatterChart'
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine'

/**
 * A Bland–Altman plot: per sample the mean of the two methods' shares against their difference (model −
 * reference, percentage points), with the bias and the 95% limits of agreement.
 */
export function BlandAltmanChart({
  points,
  bias,
  lower,
  upper
}: {
  points: { sample: string; model: number; reference: number }[]
  bias: number
  lower: number
  upper: number
}) {
  const data = points.map((p, i) => ({
    id: i,
    x: (p.model + p.reference) / 2,
    y: p.model - p.reference
  }))
  const ys = [...data.map((d) => d.y), lower, upper]
  return (
    <figure style={{ margin: 0 }} aria-label="Bland–Altman plot">
      <Typography variant="subtitle2">
        Bland–Altman: model − reference (points) against their mean (%)
      </Typography>
      <ScatterChart
        height={260}
        skipAnimation
        xAxis={[{ label: 'mean of the two (%)' }]}
        yAxis={[{ label: 'difference (points)', min: Math.min(...ys) - 2, max: Math.max(...ys) + 2 }]}
        series={[
          {
            label: 'samples',
            data,
            valueFormatter: (v) => (v ? `${points[v.id as number].sample}: ${v.y.toFixed(1)}` : '')
          }
        ]}
      >
        <ChartsReferenceLine y={bias} label={`bias ${bias.toFixed(1)}`} />
        <ChartsReferenceLine y={lower} label={`${lower.toFixed(1)}`} lineStyle={{ strokeDasharray: '6 3' }} />
        <ChartsReferenceLine y={upper} label={`${upper.toFixed(1)}`} lineStyle={{ strokeDasharray: '6 3' }} />
      </ScatterChart>
    </figure>
  )
}
