import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import type { ValidationStudyView } from '../../../shared/types/validation'
import { fixed as f, rateText } from '../../../shared/format/rate'
import { BlandAltmanChart } from './BlandAltmanChart'

/** The figures of a validation study, each with its count and 95% interval, as the HTML report has them. */
export function ValidationResult({ s }: { s: ValidationStudyView }) {
  const a = s.agreement
  const m = s.methods
  return (
    <Box aria-label="validation study" sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="body2" color="text.secondary">
        Scan {s.header.scanId} · model {s.header.modelId} · against {s.header.referenceSource}
      </Typography>
      {s.header.caveat && <Typography color="warning.main">{s.header.caveat}</Typography>}
      {a && (
        <Box>
          <Typography>
            {a.cells} of {s.header.classified} classified cells compared. Agreement{' '}
            <b>{rateText(a.overall)}</b>.{' '}
            {'withheld' in a.kappa
              ? `Cohen's kappa withheld: ${a.kappa.withheld}.`
              : `Cohen's kappa ${f(a.kappa.kappa, 3)} (95% CI ${f(a.kappa.low, 3)} to ${f(a.kappa.high, 3)}, n ${a.kappa.n}).`}
          </Typography>
          <Typography>
            {s.blastClass}: sensitivity {rateText(a.blasts.sensitivity)}, specificity{' '}
            {rateText(a.blasts.specificity)}
          </Typography>
          <Table size="small" aria-label="agreement table" sx={{ width: 'auto' }}>
            <TableHead>
              <TableRow>
                <TableCell>reference ↓ / model →</TableCell>
                {a.classes.map((c) => (
                  <TableCell key={c}>{c}</TableCell>
                ))}
                <TableCell>model agreed</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {a.table.map((row, i) => (
                <TableRow key={a.classes[i]}>
                  <TableCell component="th">{a.classes[i]}</TableCell>
                  {row.map((n, j) => (
                    <TableCell key={j}>{n}</TableCell>
                  ))}
                  <TableCell>{rateText(a.perClass[i].agreed)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <Table size="small" aria-label="per-sample comparison" sx={{ width: 'auto' }}>
        <TableHead>
          <TableRow>
            <TableCell>sample</TableCell>
            <TableCell>{s.blastClass}, model</TableCell>
            <TableCell>
              {s.blastClass}, reference ({s.sampleReference})
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {s.samples.map((x) => (
            <TableRow key={x.sample}>
              <TableCell component="th">{x.sample}</TableCell>
              <TableCell>{rateText(x.test)}</TableCell>
              <TableCell>{rateText(x.reference)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {'withheld' in m ? (
        <Typography color="warning.main">Method comparison withheld: {m.withheld}.</Typography>
      ) : (
        <Box>
          <Typography>
            Bland–Altman ({m.blandAltman.n} samples): bias {f(m.blandAltman.bias)} points (95% CI{' '}
            {f(m.blandAltman.biasCi.low)} to {f(m.blandAltman.biasCi.high)}); limits of agreement{' '}
            {f(m.blandAltman.lower)} to {f(m.blandAltman.upper)}.
          </Typography>
          <Typography>
            {'withheld' in m.passingBablok
              ? `Passing–Bablok withheld: ${m.passingBablok.withheld}.`
              : `Passing–Bablok: slope ${f(m.passingBablok.slope, 3)} (95% CI ${f(m.passingBablok.slopeCi.low, 3)} to ${f(m.passingBablok.slopeCi.high, 3)}), intercept ${f(m.passingBablok.intercept)} (95% CI ${f(m.passingBablok.interceptCi.low)} to ${f(m.passingBablok.interceptCi.high)}).`}
          </Typography>
          <BlandAltmanChart
            points={s.samples.map((x) => ({
              sample: x.sample,
              model: 100 * x.test.value,
              reference: 100 * x.reference.value
            }))}
            bias={m.blandAltman.bias}
            lower={m.blandAltman.lower}
            upper={m.blandAltman.upper}
          />
        </Box>
      )}
    </Box>
  )
}
