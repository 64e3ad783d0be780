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

/** The ROC curve when the engine stored its points (two-class models). */
export function RocCurve({ m }: { m: Metrics }) {
  if (!m.roc) return <Typography color="text.secondary">{m.rocAuc === undefined ? 'No ROC curve (more than two classes).' : 'The registry stores the AUC, not the curve’s points: no curve to draw.'}</Typography>
  return (
    <LineChart
      height={260}
      width={320}
      xAxis={[{ data: m.roc.fpr, label: 'false positive rate', min: 0, max: 1 }]}
      yAxis={[{ min: 0, max: 1, label: 'true positive rate' }]}
      series={[{ data: m.roc.tpr, label: `ROC (AUC ${num(m.rocAuc)})`, showMark: false, curve: 'stepAfter' }]}
    />
  )
}
