import { useState } from 'react'
import { Stack, TextField, Typography } from '@mui/material'
import type { QcSetView, QcTarget } from '../../../shared/types/qc'
import { ReasonButton } from './ReasonButton'
import { useRoleRefusal } from '../hooks/useRoleRefusal'
import { targetText } from '../../../shared/format/qc'

type Patch = { accuracy?: QcTarget; blast?: QcTarget; fromRuns?: number }

/** `MEAN,SD` as typed, or undefined when it is not a mean and an SD above 0. */
function parseTarget(text: string): QcTarget | undefined {
  const [mean, sd] = text.split(',').map((x) => Number(x.trim()))
  return Number.isFinite(mean) && sd > 0 ? { mean, sd } : undefined
}

/** A control set's targets: shown, typed as `MEAN,SD`, or taken from the runs so far. */
export function QcTargets({ set, onSet }: { set: QcSetView; onSet: (patch: Patch) => void }) {
  const [accuracy, setAccuracy] = useState('')
  const [blast, setBlast] = useState('')
  const typed = { accuracy: parseTarget(accuracy), blast: parseTarget(blast) }
  const bad = (accuracy && !typed.accuracy) || (blast && !typed.blast)
  const refused = useRoleRefusal('qc:target')
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
      <Typography variant="body2">
        Targets: accuracy {targetText(set.accuracyTarget)}; {set.blastClass} {targetText(set.blastTarget)}
      </Typography>
      <TextField
        size="small"
        label="Accuracy MEAN,SD"
        value={accuracy}
        onChange={(e) => setAccuracy(e.target.value)}
      />
      <TextField
        size="small"
        label="Blasts MEAN,SD"
        value={blast}
        onChange={(e) => setBlast(e.target.value)}
      />
      <ReasonButton
        why={
          refused ||
          (bad
            ? 'Type each target as MEAN,SD in percent, SD above 0'
            : !accuracy && !blast && 'Type a target first')
        }
        onClick={() => onSet({ accuracy: typed.accuracy, blast: typed.blast })}
      >
        Set targets
      </ReasonButton>
      <ReasonButton
        why={refused || (set.runs.length < 2 && 'Needs two runs or more')}
        onClick={() => onSet({ fromRuns: set.runs.length })}
      >
        From the runs so far ({set.runs.length})
      </ReasonButton>
    </Stack>
  )
}
