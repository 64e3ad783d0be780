import type { useJob } from '../api'
import type { CallName } from '../../../shared/contract'
import { useRoleRefusal } from '../hooks/useRoleRefusal'
import { ProgressLine } from './ProgressLine'
import { ReasonButton } from './ReasonButton'

type Job = ReturnType<typeof useJob>

/**
 * Start and Cancel for a long call (import, training, scan): start is off while it runs, cancel only then; each
 * says why on hover. `whyNot` is what is missing before it can start; `call` is the call Start makes, greyed out
 * with the reason where the signed-in person's role may not make it (hooks/useRoleRefusal.ts).
 */
export function JobButtons({
  job,
  label,
  canStart,
  onStart,
  whyNot,
  call
}: {
  job: Job
  label: string
  canStart: boolean
  onStart: () => void
  whyNot?: string
  call?: CallName
}) {
  const refused = useRoleRefusal(call)
  return (
    <>
      <ReasonButton
        variant="contained"
        why={
          refused ||
          (job.running ? `${label}: already running` : !canStart && (whyNot ?? 'Fill in the fields first'))
        }
        onClick={onStart}
      >
        {label}
      </ReasonButton>
      <ReasonButton color="warning" why={!job.running && 'Nothing is running'} onClick={job.cancel}>
        Cancel
      </ReasonButton>
    </>
  )
}

/** The running job's progress line; before its first event, the phase it starts in. */
export function JobProgress({ job, startPhase = 'starting' }: { job: Job; startPhase?: string }) {
  if (!job.running) return null
  return <ProgressLine progress={job.progress ?? { phase: startPhase, done: 0, total: 0 }} />
}
