import { useState } from 'react'
import {
  Alert,
  Box,
  FormControlLabel,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography
} from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine'
import { operatingPoint, splitTooSmall } from '../logic/charts'
import type { MetricsView as Metrics } from '../../../shared/contract'
import { ci, num, pct } from '../logic/format'

/**
 * Accuracy, weighted F1 (C-NMC's metric), balanced accuracy, AUC, each with its 95% interval: the stored one
 * (a bootstrap over subjects or blocks of neighbouring files), or for versions without one Wilson over images,
 * said as such. Figures resting on few images or blocks say so under the row.
 */
export function MetricsSummary({ m }: { m: Metrics }) {
  const i = m.intervals
  const wilsonAcc = splitTooSmall(m)
  const items: [string, string, string][] = [
    [
      'Accuracy',
      pct(m.accuracy),
      i ? ci(i.accuracy) : `${ci([wilsonAcc.low, wilsonAcc.high])} (images as independent)`
    ],
    ['Weighted F1', num(m.weightedF1), ''],
    ['Balanced accuracy', pct(m.balancedAccuracy), ci(i?.balancedAccuracy)],
    ['ROC AUC', num(m.rocAuc), ci(i?.rocAuc, (x) => num(x))],
    ['Test images', String(m.count), '']
  ]
  return (
    <Stack spacing={0.5}>
      <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={3} useFlexGap>
        {items.map(([k, v, interval]) => (
          <Box key={k}>
            <Typography variant="caption" color="text.secondary">
              {k}
            </Typography>
            <Typography variant="h6">{v}</Typography>
            {interval && (
              <Typography variant="caption" color="text.secondary" data-testid="metric-interval">
                {interval}
              </Typography>
            )}
          </Box>
        ))}
      </Stack>
      {m.uncertainty?.caveats.map((c) => (
        <Typography key={c} variant="caption" color="warning.main" data-testid="metric-caveat">
          {c}
        </Typography>
      ))}
      {m.uncertainty && (
        <Typography variant="caption" color="text.secondary">
          Intervals: {m.uncertainty.method}.
        </Typography>
      )}
    </Stack>
  )
}

/** confusion[true][predicted], shaded by the share of the true class's row. */
export function ConfusionMatrix({ m }: { m: Metrics }) {
  return (
    <Table size="small" aria-label="confusion matrix" sx={{ width: 'auto' }}>
      <TableHead>
        <TableRow>
          <TableCell>true ↓ / predicted →</TableCell>
          {m.classes.map((c) => (
            <TableCell key={c} align="right">
              {c}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {m.confusion.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0) || 1
          return (
            <TableRow key={m.classes[i]}>
              <TableCell component="th">{m.classes[i]}</TableCell>
              {row.map((v, j) => (
                <TableCell
                  key={j}
                  align="right"
                  sx={{
                    bgcolor: (t) =>
                      (i === j ? t.palette.success.main : t.palette.error.main) + alphaHex(v / total)
                  }}
                >
                  {v}
                </TableCell>
              ))}
            </TableRow>
          )
        })}
      </TableBody>
    </Table>
  )
}

function alphaHex(share: number): string {
  return Math.round(Math.min(1, share) * 0.6 * 255)
    .toString(16)
    .padStart(2, '0')
}

export function ClassReport({ m }: { m: Metrics }) {
  return (
    <Table size="small" aria-label="per-class metrics" sx={{ width: 'auto' }}>
      <TableHead>
        <TableRow>
          {['Class', 'Precision', 'Recall', 'Recall 95% CI', 'F1', 'Support'].map((h) => (
            <TableCell key={h} align={h === 'Class' ? 'left' : 'right'}>
              {h}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {m.perClass.map((c) => (
          <TableRow key={c.name}>
            <TableCell>{c.name}</TableCell>
            <TableCell align="right">{num(c.precision)}</TableCell>
            <TableCell align="right">{num(c.recall)}</TableCell>
            <TableCell align="right">
              {m.intervals?.recall[c.name]
                ? `${num(m.intervals.recall[c.name][0])}–${num(m.intervals.recall[c.name][1])}`
                : '—'}
            </TableCell>
            <TableCell align="right">{num(c.f1)}</TableCell>
            <TableCell align="right">{c.support}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}

/**
 * The ROC curve of the positive class when the version stores its points (two-class versions trained since the
 * points are kept); older and imported versions have the AUC only, and say so. Straight segments between the
 * stored corners (ties are diagonal), on linear axes. The operating point (where the stored decisions sit: the
 * test confusion matrix's rates) is marked, and the view can zoom into the top-left corner, where a curve with
 * an AUC near 1 lives.
 */
export function RocCurve({ m, compact }: { m: Metrics; compact?: boolean }) {
  const [zoom, setZoom] = useState(false)
  if (!m.roc)
    return (
      <Typography color="text.secondary" variant={compact ? 'body2' : 'body1'}>
        {m.rocAuc === undefined
          ? 'No ROC curve (not a two-class model).'
          : 'No ROC points stored for this version (AUC only).'}
      </Typography>
    )
  const size = compact ? 180 : 300
  const op = operatingPoint(m)
  const corner = op
    ? { x: Math.max(0.2, Math.min(1, op.fpr * 2)), y: Math.min(0.8, Math.max(0, 1 - (1 - op.tpr) * 2)) }
    : { x: 0.2, y: 0.8 }
  return (
    <Box role="figure" aria-label={`ROC curve, AUC ${num(m.rocAuc)}`}>
      {/* A finished result, not a live series: drawn at once, so a printout or screenshot never catches it mid-animation. */}
      <LineChart
        skipAnimation
        height={size}
        width={size + 20}
        xAxis={[
          {
            data: m.roc.fpr,
            scaleType: 'linear',
            label: compact ? undefined : 'false positive rate',
            min: 0,
            max: zoom ? corner.x : 1
          }
        ]}
        yAxis={[{ min: zoom ? corner.y : 0, max: 1, label: compact ? undefined : 'true positive rate' }]}
        series={[{ data: m.roc.tpr, label: `AUC ${num(m.rocAuc)}`, showMark: false, curve: 'linear' }]}
      >
        {op && <ChartsReferenceLine x={op.fpr} lineStyle={{ strokeDasharray: '4 3' }} />}
        {op && <ChartsReferenceLine y={op.tpr} lineStyle={{ strokeDasharray: '4 3' }} />}
      </LineChart>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <FormControlLabel
          control={<Switch size="small" checked={zoom} onChange={(e) => setZoom(e.target.checked)} />}
          label={<Typography variant="caption">zoom to the corner</Typography>}
        />
        {op && (
          <Typography variant="caption" color="text.secondary" data-testid="operating-point">
            dashed: operating point TPR {pct(op.tpr, 0)} · FPR {pct(op.fpr, 0)}
          </Typography>
        )}
      </Stack>
    </Box>
  )
}

/** The accuracy's 95% interval under the summary, and a warning when the split is too small to trust. */
export function SplitSizeNote({ m, what = 'test split' }: { m: Metrics; what?: string }) {
  const s = splitTooSmall(m)
  const text = `Accuracy ${pct(m.accuracy)} on ${m.count} images: the true accuracy is likely between ${pct(s.low)} and ${pct(s.high)} (95% interval${s.clustered ? '' : ', images treated as independent'}).`
  return s.tooSmall ? (
    // A caution about the figures, not a failure: a status, so nothing treats it as an error message.
    <Alert severity="warning" role="status" data-testid="small-split">
      The {what} is too small to trust. {text} Add images to the dataset before comparing versions on it.
    </Alert>
  ) : (
    <Typography variant="body2" color="text.secondary">
      {text}
    </Typography>
  )
}
