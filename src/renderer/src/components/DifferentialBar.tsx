import type { ReactNode } from 'react'
import {
  Box,
  Button,
  ButtonBase,
  LinearProgress,
  MenuItem,
  Stack,
  TextField,
  Tooltip,
  Typography
} from '@mui/material'
import type { DifferentialView } from '../../../shared/types/differential'
import { classTone } from '../logic/review-view'
import { toneColor } from './tones'

/** One class's counter: its key, count, a bar of the count against the target, and its share with the interval. */
function ClassCounter({
  view,
  c,
  onAssign
}: {
  view: DifferentialView
  c: DifferentialView['classes'][number]
  onAssign: (label: string) => void
}) {
  const key = view.keys.find((k) => k.label === c.name)?.key
  const share = view.counted
    ? `${c.percent.toFixed(1)}% (95% CI ${c.low.toFixed(1)}–${c.high.toFixed(1)}%)`
    : 'no share yet'
  return (
    <Tooltip
      title={`${c.name}: ${c.count} of ${view.counted} counted cells — ${share}. Click or press ${key ?? '—'} to give the current cell this class`}
    >
      <ButtonBase
        onClick={() => onAssign(c.name)}
        aria-label={`class the current cell ${c.name} (key ${key ?? '—'})`}
        sx={{ display: 'flex', gap: 0.5, alignItems: 'center', borderRadius: 1, px: 0.5 }}
        data-testid={`counter-${c.name}`}
      >
        <Box
          component="kbd"
          sx={{
            px: 0.5,
            border: 1,
            borderColor: 'divider',
            borderRadius: 0.5,
            fontSize: 12,
            lineHeight: 1.4
          }}
        >
          {key ?? '·'}
        </Box>
        <Typography variant="body2" sx={{ fontWeight: 700, color: (t) => toneColor(t, classTone(c.name)) }}>
          {c.name} {c.count}
        </Typography>
        <LinearProgress
          variant="determinate"
          value={Math.min(100, (100 * c.count) / view.target)}
          aria-label={`${c.name} ${c.count} of the target ${view.target}`}
          sx={{
            width: 36,
            height: 6,
            borderRadius: 1,
            '& .MuiLinearProgress-bar': { bgcolor: (t) => toneColor(t, classTone(c.name)) }
          }}
        />
        <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
          {view.counted ? `${c.percent.toFixed(1)}% [${c.low.toFixed(1)}–${c.high.toFixed(1)}]` : '—'}
        </Typography>
      </ButtonBase>
    </Tooltip>
  )
}

/**
 * The counted differential of one sample, on one line: how many cells a person has classed against the target, a
 * counter per class (its number key — the key map —, count, bar, share with its 95% Wilson interval; a click
 * classes the current cell as the key does) and the button to sign. Cells count when a person classes them (Enter confirms the model's class; a
 * number key gives another, the last one `unidentified`).
 */
export function DifferentialBar({
  samples,
  sample,
  onSample,
  onAssign,
  onSign,
  children
}: {
  samples: readonly DifferentialView[]
  sample: string
  onSample: (s: string) => void
  onAssign: (label: string) => void
  onSign: () => void
  /** What follows the Sign… button on the same line (the signed result's way to the LIS). */
  children?: ReactNode
}) {
  const view = samples.find((s) => s.sample === sample) ?? samples[0]
  if (!view) return null
  const done = view.counted >= view.target
  const status = view.signed
    ? view.changedSinceSigned
      ? ` · signed (result ${view.signed.id}), changed since`
      : ` · signed by ${view.signed.signer}${view.signed.status === 'corrected' ? ' (corrected)' : ''}`
    : ''
  return (
    <Stack
      direction="row"
      spacing={1.5}
      useFlexGap
      sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}
      aria-label="differential counter"
      data-testid="differential"
    >
      {samples.length > 1 && (
        <TextField
          select
          size="small"
          label="Sample"
          value={view.sample}
          onChange={(e) => onSample(e.target.value)}
          sx={{ minWidth: 90, '& .MuiSelect-select': { py: 0.5 } }}
        >
          {samples.map((s) => (
            <MenuItem key={s.sample} value={s.sample}>
              {s.sample}
            </MenuItem>
          ))}
        </TextField>
      )}
      <Tooltip
        title={`Keys: ${view.keys.map((k) => `${k.key} ${k.label}`).join(' · ')} · Enter confirms the model`}
      >
        <Typography variant="body2" data-testid="differential-count">
          <b>
            Counted {view.counted} of {view.target}
          </b>
          {done ? ' (target reached)' : ` (${view.target - view.counted} to go)`}
          {samples.length > 1 ? '' : ` · sample ${view.sample}`}
          {status}
        </Typography>
      </Tooltip>
      {view.classes.map((c) => (
        <ClassCounter key={c.name} view={view} c={c} onAssign={onAssign} />
      ))}
      <Button
        size="small"
        variant={view.signOff.possible ? 'contained' : 'outlined'}
        onClick={onSign}
        sx={{ py: 0 }}
      >
        Sign…
      </Button>
      {children}
    </Stack>
  )
}
