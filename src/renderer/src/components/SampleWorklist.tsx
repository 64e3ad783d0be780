import {
  Box,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography
} from '@mui/material'
import type { SampleWork } from '../../../shared/types/differential'
import { countText, workStateText } from '../../../shared/format/sample-work'
import { useCall } from '../api'
import { baseName, when } from '../logic/format'
import { classTone } from '../logic/review-view'
import { Notice } from './Notice'
import { toneColor } from './tones'

/** Waiting samples first (newest scan first within each group), then the signed ones. */
export function worklistOrder(list: readonly SampleWork[]): SampleWork[] {
  return [...list.filter((w) => w.waiting), ...list.filter((w) => !w.waiting)]
}

/** The sample's state as a short chip: where it stands on the way to a signed result. */
function stateChip(w: SampleWork) {
  if (w.signed && !w.changedSinceSigned)
    return (
      <Chip
        size="small"
        color="success"
        variant="outlined"
        label={w.signed.status === 'corrected' ? 'corrected' : 'signed'}
      />
    )
  if (w.signed) return <Chip size="small" color="warning" label="changed since signed" />
  if (w.signOff.possible) return <Chip size="small" color="primary" label="ready to sign" />
  return <Chip size="small" variant="outlined" label={w.counted < w.target ? 'counting' : 'to review'} />
}

/** Each class's count and share with its 95% Wilson interval (`unidentified` among them), one a line, or a dash. */
function Shares({ w }: { w: SampleWork }) {
  if (!w.counted) return <>—</>
  return (
    <>
      {w.classes.map((c) => (
        <Box
          key={c.name}
          sx={{ whiteSpace: 'nowrap' }}
          title={`95% Wilson interval, of ${w.counted} counted cells`}
        >
          <Box component="span" sx={{ fontWeight: 700, color: (t) => toneColor(t, classTone(c.name)) }}>
            {c.name} {c.count}
          </Box>{' '}
          {c.percent.toFixed(1)}% [{c.low.toFixed(1)}–{c.high.toFixed(1)}]
        </Box>
      ))}
    </>
  )
}

function WorkRow({ w, onOpen }: { w: SampleWork; onOpen: (w: SampleWork) => void }) {
  const label = `open sample ${w.sample} of scan ${w.scanId}`
  return (
    <TableRow
      hover
      onClick={() => onOpen(w)}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onOpen(w)}
      tabIndex={0}
      aria-label={label}
      sx={{ cursor: 'pointer', opacity: w.waiting ? 1 : 0.75 }}
      data-testid="worklist-row"
    >
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <Typography variant="body2" sx={{ fontWeight: 700 }}>
          Sample {w.sample}
        </Typography>
        <Typography variant="caption" color="text.secondary" component="div" title={w.folder}>
          scan {w.scanId} · {baseName(w.folder)}
          {w.scanStatus === 'running' ? ' · scanning' : ''}
        </Typography>
        <Typography variant="caption" color="text.secondary" component="div">
          {when(w.scanStartedAt)}
        </Typography>
      </TableCell>
      <TableCell sx={{ minWidth: 150 }}>
        <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
          {countText(w)}
        </Typography>
        <LinearProgress
          variant="determinate"
          value={Math.min(100, (100 * w.counted) / w.target)}
          aria-label={`${w.counted} of ${w.target} counted`}
          sx={{ mt: 0.5, height: 6, borderRadius: 1 }}
        />
      </TableCell>
      <TableCell>
        <Typography variant="body2" color={w.flaggedUnreviewed ? 'warning.main' : 'text.primary'}>
          {w.flaggedUnreviewed} of {w.flagged}
        </Typography>
      </TableCell>
      <TableCell>
        <Typography variant="body2" component="div">
          <Shares w={w} />
        </Typography>
      </TableCell>
      <TableCell sx={{ minWidth: 240 }}>
        <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
          {stateChip(w)}
          <Typography variant="caption" color="text.secondary" data-testid="worklist-state">
            {workStateText(w)}
          </Typography>
        </Stack>
      </TableCell>
    </TableRow>
  )
}

/**
 * Home's day's work: each sample of the newest scans with its count toward the target, its flagged cells not
 * reviewed, its shares with their intervals, and whether it can be signed or why not; signed samples after the
 * waiting ones. A row opens the sample's differential in the review screen.
 */
export function SampleWorklist({ onOpen }: { onOpen: (w: SampleWork) => void }) {
  const work = useCall('sample:list', {})
  const list = worklistOrder(work.data ?? [])
  const waiting = list.filter((w) => w.waiting).length
  return (
    <Card variant="outlined" data-testid="sample-worklist">
      <CardContent>
        <Typography variant="overline" component="h2" id="worklist-title">
          Samples — {waiting} waiting for a count or sign-off
          {list.length > waiting ? `, ${list.length - waiting} signed` : ''}
        </Typography>
        <Notice error={work.error} />
        {list.length ? (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-labelledby="worklist-title">
              <TableHead>
                <TableRow>
                  {['Sample', 'Count', 'Flagged unreviewed', 'Differential (95% CI)', 'Sign-off'].map((h) => (
                    <TableCell key={h}>{h}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {list.map((w) => (
                  <WorkRow key={`${w.scanId}:${w.sample}`} w={w} onOpen={onOpen} />
                ))}
              </TableBody>
            </Table>
          </Box>
        ) : (
          <Typography color="text.secondary">
            {work.loading ? 'Reading the samples…' : 'No sample in the newest scans: scan a folder to start.'}
          </Typography>
        )}
      </CardContent>
    </Card>
  )
}
