import { Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import type { MetricsView as Metrics } from '../../../shared/contract'
import { num, pct } from '../logic/format'

/** Accuracy, weighted F1 (C-NMC's metric), balanced accuracy, AUC. */
export function MetricsSummary({ m }: { m: Metrics }) {
  const items: [string, string][] = [
    ['Accuracy', pct(m.accuracy)],
    ['Weighted F1', num(m.weightedF1)],
    ['Balanced accuracy', pct(m.balancedAccuracy)],
    ['ROC AUC', num(m.rocAuc)],
    ['Test images', String(m.count)]
  ]
  return (
    <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={3} useFlexGap>
      {items.map(([k, v]) => (
        <Box key={k}>
          <Typography variant="caption" color="text.secondary">
            {k}
          </Typography>
          <Typography variant="h6">{v}</Typography>
        </Box>
      ))}
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
                <TableCell key={j} align="right" sx={{ bgcolor: (t) => (i === j ? t.palette.success.main : t.palette.error.main) + alphaHex(v / total) }}>
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
          {['Class', 'Precision', 'Recall', 'F1', 'Support'].map((h) => (
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
 * stored corners (ties are diagonal), on linear axes: the points are not evenly spaced.
 */
export function RocCurve({ m, compact }: { m: Metrics; compact?: boolean }) {
  if (!m.roc) return <Typography color="text.secondary" variant={compact ? 'body2' : 'body1'}>{m.rocAuc === undefined ? 'No ROC curve (not a two-class model).' : 'No ROC points stored for this version (AUC only).'}</Typography>
  const size = compact ? 200 : 300
  return (
    <Box role="figure" aria-label={`ROC curve, AUC ${num(m.rocAuc)}`}>
      {/* A finished result, not a live series: drawn at once, so a printout or screenshot never catches it mid-animation. */}
      <LineChart
        skipAnimation
        height={size}
        width={size + 20}
        xAxis={[{ data: m.roc.fpr, scaleType: 'linear', label: compact ? undefined : 'false positive rate', min: 0, max: 1 }]}
        yAxis={[{ min: 0, max: 1, label: compact ? undefined : 'true positive rate' }]}
        series={[{ data: m.roc.tpr, label: `AUC ${num(m.rocAuc)}`, showMark: false, curve: 'linear' }]}
      />
    </Box>
  )
}
