import { Box, Button, LinearProgress, MenuItem, Stack, TextField, Tooltip, Typography } from '@mui/material'
import type { DifferentialView } from '../../../shared/types/differential'
import { classTone } from '../logic/review-view'
import { toneColor } from './tones'

/** One class's counter: its key, a bar of its count against the target, the count and its share with the interval. */
function ClassCounter({ view, c }: { view: DifferentialView; c: DifferentialView['classes'][number] }) {
  const key = view.keys.find((k) => k.label === c.name)?.key
  const share = view.counted
    ? `${c.percent.toFixed(1)}% (95% CI ${c.low.toFixed(1)}–${c.high.toFixed(1)}%)`
    : 'no share yet'
  return (
    <Tooltip title={`${c.name}: ${c.count} of ${view.counted} counted cells — ${share}`}>
      <Stack
        direction="row"
        spacing={0.75}
        sx={{ alignItems: 'center', minWidth: 200 }}
        data-testid={`counter-${c.name}`}
      >
        <Box
          component="kbd"
          sx={{ px: 0.5, border: 1, borderColor: 'divider', borderRadius: 0.5, fontSize: 12 }}
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
            flex: 1,
            minWidth: 40,
            height: 8,
            borderRadius: 1,
            '& .MuiLinearProgress-bar': { bgcolor: (t) => toneColor(t, classTone(c.name)) }
          }}
        />
        <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
          {view.counted ? `${c.percent.toFixed(1)}% [${c.low.toFixed(1)}–${c.high.toFixed(1)}]` : '—'}
        </Typography>
      </Stack>
    </Tooltip>
  )
}

/**
 * The counted differential of one sample above the review area: how many cells a person has classed against the
 * target, a counter per class (key, count, bar, share with its 95% Wilson interval), the key map, and the button
 * to sign. Cells count when a person classes them (Enter confirms the model's class; a number key gives another).
 */
export function DifferentialBar({
  samples,
  sample,
  onSample,
  onSign
}: {
  samples: readonly DifferentialView[]
  sample: string
  onSample: (s: string) => void
  onSign: () => void
}) {
  const view = samples.find((s) => s.sample === sample) ?? samples[0]
  if (!view) return null
  const done = view.counted >= view.target
  const status = view.signed
    ? view.changedSinceSigned
      ? `signed (result ${view.signed.id}); reviews changed it since — sign again to correct`
      : `signed by ${view.signed.signer}${view.signed.status === 'corrected' ? ' (corrected)' : ''}`
    : 'not signed'
  return (
    <Box
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, px: 1.5, py: 1 }}
      aria-label="differential counter"
      data-testid="differential"
    >
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        {samples.length > 1 && (
          <TextField
            select
            size="small"
            label="Sample"
            value={view.sample}
            onChange={(e) => onSample(e.target.value)}
            sx={{ minWidth: 120 }}
          >
            {samples.map((s) => (
              <MenuItem key={s.sample} value={s.sample}>
                {s.sample}
              </MenuItem>
            ))}
          </TextField>
        )}
        <Typography variant="body2" data-testid="differential-count">
          <b>
            Counted {view.counted} of {view.target}
          </b>
          {samples.length > 1 ? '' : ` · sample ${view.sample}`}
          {done ? ' · target reached' : ` · ${view.target - view.counted} to go`} · {status}
        </Typography>
        <LinearProgress
          variant="determinate"
          value={Math.min(100, (100 * view.counted) / view.target)}
          aria-label={`counted ${view.counted} of ${view.target}`}
          sx={{ width: 120, height: 8, borderRadius: 1 }}
        />
        <Typography variant="caption" color="text.secondary" data-testid="key-map">
          Keys: {view.keys.map((k) => `${k.key} ${k.label}`).join(' · ')} · Enter confirms the model
        </Typography>
        <Button size="small" variant={view.signOff.possible ? 'contained' : 'outlined'} onClick={onSign}>
          Sign…
        </Button>
      </Stack>
      <Stack direction="row" spacing={2} sx={{ mt: 0.5, flexWrap: 'wrap' }} useFlexGap>
        {view.classes.map((c) => (
          <ClassCounter key={c.name} view={view} c={c} />
        ))}
      </Stack>
    </Box>
  )
}
