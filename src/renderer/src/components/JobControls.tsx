import { Button } from '@mui/material'
import type { useJob } from '../api'
import { ProgressLine } from './ProgressLine'

type Job = ReturnType<typeof useJob>

/** Start and Cancel for a long call (import, training, scan): start is off while it runs, cancel only then. */
export function JobButtons({ job, label, canStart, onStart }: { job: Job; label: string; canStart: boolean; onStart: () => void }) {
  return (
    <>
      <Button variant="contained" disabled={!canStart || job.running} onClick={onStart}>
        {label}
      </Button>
      <Button color="warning" disabled={!job.running} onClick={job.cancel}>
        Cancel
      </Button>
    </>
  )
}

/** The running job's progress line; before its first event, the phase it starts in. */
export function JobProgress({ job, startPhase = 'starting' }: { job: Job; startPhase?: string }) {
  if (!job.running) return null
  return <ProgressLine progress={job.progress ?? { phase: startPhase, done: 0, total: 0 }} />
}
