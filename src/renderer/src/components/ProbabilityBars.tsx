import { Box, LinearProgress, Stack, Typography } from '@mui/material'
import { pct, rankedProbabilities } from '../logic/format'

/**
 * The probability of every class, highest first, each with a bar. The model's decision is in bold: with a
 * two-class operating threshold it can be a class that is not the most probable one.
 */
export function ProbabilityBars({
  classes,
  probabilities,
  flagged,
  predicted
}: {
  classes: string[]
  probabilities: number[]
  flagged?: boolean
  predicted?: string
}) {
  const ranked = rankedProbabilities(classes, probabilities)
  const chosen = predicted ?? ranked[0]?.[0]
  // A reader sees the longer bar lose: say why, or the result reads as a bug.
  const byThreshold = chosen !== undefined && ranked[0] !== undefined && chosen !== ranked[0][0]
  return (
    <Stack spacing={0.5} aria-label="class probabilities">
      {byThreshold && (
        <Typography variant="caption" color="text.secondary">
          {chosen} although less probable: this model calls {chosen} from a lower probability (its decision
          threshold, chosen on the validation split)
        </Typography>
      )}
      {ranked.map(([c, p]) => (
        <Box key={c}>
          <Stack sx={{ justifyContent: 'space-between' }} direction="row">
            <Typography variant="body2" sx={{ fontWeight: c === chosen ? 700 : 400 }}>
              {c}
            </Typography>
            <Typography variant="body2">{pct(p)}</Typography>
          </Stack>
          <LinearProgress
            variant="determinate"
            value={p * 100}
            color={c === chosen ? (flagged ? 'warning' : 'primary') : 'inherit'}
            sx={{ height: 8, borderRadius: 1 }}
          />
        </Box>
      ))}
    </Stack>
  )
}
