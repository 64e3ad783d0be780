import { Box, LinearProgress, Typography } from '@mui/material'
import type { Progress } from '../../../shared/types/progress'
import { duration } from '../logic/format'

/** A task's progress: phase, count, rate and time left. */
export function ProgressLine({ progress }: { progress: Progress | null }) {
  if (!progress) return null
  const value = progress.total > 0 ? (100 * progress.done) / progress.total : 0
  return (
    <Box sx={{ my: 1 }} role="status" aria-live="polite">
      <Typography variant="body2" color="text.secondary">
        {progress.phase}: {progress.done} / {progress.total}
        {progress.rate ? ` · ${progress.rate.toFixed(1)}/s` : ''}
        {progress.etaSeconds !== undefined ? ` · ${duration(progress.etaSeconds)} left` : ''}
      </Typography>
      <LinearProgress variant={progress.total > 0 ? 'determinate' : 'indeterminate'} value={value} />
    </Box>
  )
}
