import { Box, LinearProgress, Stack, Typography } from '@mui/material'
import { pct, rankedProbabilities } from '../logic/format'

/** The probability of every class, highest first, each with a bar; the top one is the confidence. */
export function ProbabilityBars({ classes, probabilities, flagged }: { classes: string[]; probabilities: number[]; flagged?: boolean }) {
  const ranked = rankedProbabilities(classes, probabilities)
  return (
    <Stack spacing={0.5} aria-label="class probabilities">
      {ranked.map(([c, p], i) => (
        <Box key={c}>
          <Stack sx={{ justifyContent: 'space-between' }} direction="row">
            <Typography variant="body2" sx={{ fontWeight: i === 0 ? 700 : 400 }}>
              {c}
            </Typography>
            <Typography variant="body2">{pct(p)}</Typography>
          </Stack>
          <LinearProgress variant="determinate" value={p * 100} color={i === 0 ? (flagged ? 'warning' : 'primary') : 'inherit'} sx={{ height: 8, borderRadius: 1 }} />
        </Box>
      ))}
    </Stack>
  )
}
