import { describeFlagReason } from '../../../shared/flag-reasons'
import { useEffect, useState } from 'react'
import {
  Box,
  Button,
  Card,
  CardContent,
  FormControlLabel,
  Stack,
  Switch,
  TextField,
  Tooltip,
  Typography
} from '@mui/material'
import UndoIcon from '@mui/icons-material/Undo'
import type { GradCamView, PredictionView } from '../../../shared/contract'
import { api, call, errorText } from '../api'
import { ProbabilityBars } from './ProbabilityBars'
import { Notice } from './Notice'
import { CellView } from './CellView'
import { pct, when } from '../logic/format'
import { displayName } from '../logic/field-view'
import { caption, classTone, finalLabel, reviewStatus } from '../logic/review-view'
import type { View } from '../logic/review-keys'
import { STATUS_MARK, toneColor } from './tones'

export interface ReviewPanelProps {
  row: PredictionView
  /** Cells the actions apply to: the selection when several are selected, else this one. */
  count: number
  modelName: string
  showCam: boolean
  onShowCam: (v: boolean) => void
  view: View
  onView: (v: View) => void
  onReview: (label: string | null, note: string) => void
  onUndo: () => void
  /** Why undo is not possible now, or null. */
  undoBlocked: string | null
  busy: boolean
}

/**
 * (Mounted with `key={path}`, so note and heatmap start fresh for each image.)
 * The actions first, so they stay in view on a small screen: confirm, relabel (to a named class), undo; then the
 * cell with zoom and Grad-CAM, every probability and the review trail. Keys: Enter confirm, 1…9 relabel,
 * U undo, F next unreviewed flagged, + / − / 0 zoom, G heatmap.
 */
export function ReviewPanel(p: ReviewPanelProps) {
  const { row, count } = p
  const [cam, setCam] = useState<GradCamView | null>(null)
  const [camError, setCamError] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const pred = row.prediction
  useEffect(() => {
    if (!p.showCam || cam) return
    let live = true
    call('explain:gradcam', { path: row.path, modelId: pred.modelId }).then(
      (c) => live && setCam(c),
      (err: unknown) => live && setCamError(errorText(err))
    )
    return () => {
      live = false
    }
  }, [p.showCam, cam, row.path, pred.modelId])

  const status = reviewStatus(row)
  const label = finalLabel(row)
  const many = count > 1
  const name = displayName(row)
  const target = many ? `${count} cells` : ''
  return (
    <Card
      variant="outlined"
      sx={{ width: 340, flexShrink: 0, maxHeight: '100%', overflowY: 'auto' }}
      data-testid="review-panel"
    >
      <CardContent sx={{ pt: 1.5 }}>
        <Typography variant="subtitle2" noWrap title={row.path}>
          {many ? `${count} cells selected (this one: ${name})` : name}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 1 }}>
          <Typography variant="h6" sx={{ color: (t) => toneColor(t, classTone(label)), fontWeight: 700 }}>
            {label}
          </Typography>
          <Typography variant="body2" sx={{ color: STATUS_MARK[status].color }} data-testid="review-caption">
            {STATUS_MARK[status].symbol} {STATUS_MARK[status].label} ·{' '}
            {status === 'relabelled' ? caption(row) : `model ${pred.predicted} ${pct(pred.confidence, 0)}`}
            {pred.flagged && status === 'pending' ? ' · flagged' : ''}
          </Typography>
        </Stack>
        {pred.flagged && pred.flagReason && (
          <Typography
            variant="caption"
            component="div"
            color="text.secondary"
            sx={{ mb: 1 }}
            data-testid="flag-reason"
          >
            Why flagged: {describeFlagReason(pred.flagReason)}
          </Typography>
        )}
        <Stack
          sx={{ flexWrap: 'wrap', mb: 1 }}
          direction="row"
          spacing={1}
          useFlexGap
          data-testid="review-actions"
        >
          <Button variant="contained" size="small" disabled={p.busy} onClick={() => p.onReview(null, note)}>
            {many ? `Confirm model answers · ${target}` : `Confirm ${pred.predicted}`} (Enter)
          </Button>
          {pred.classes.map((c, i) =>
            !many && c === pred.predicted ? null : (
              <Button
                key={c}
                variant="outlined"
                size="small"
                disabled={p.busy}
                onClick={() => p.onReview(c, note)}
                sx={{
                  borderColor: (t) => toneColor(t, classTone(c)),
                  color: (t) => toneColor(t, classTone(c))
                }}
              >
                {many ? `Label ${target} as ${c}` : `Relabel as ${c}`} ({i + 1})
              </Button>
            )
          )}
          <Tooltip
            title={
              p.undoBlocked ??
              'Undo your last review: a new log entry restores the label before it (U or Ctrl+Z)'
            }
          >
            <span>
              <Button
                size="small"
                startIcon={<UndoIcon />}
                disabled={p.busy || p.undoBlocked !== null}
                onClick={p.onUndo}
              >
                Undo
              </Button>
            </span>
          </Tooltip>
        </Stack>
        <TextField
          size="small"
          fullWidth
          label="Note (optional)"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          sx={{ mb: 1 }}
        />
        <CellView
          src={p.showCam && cam ? api.imageUrl(cam.overlayPath) : api.imageUrl(row.path, 600)}
          alt="selected cell"
          size={300}
          view={p.view}
          onView={p.onView}
        />
        <FormControlLabel
          control={<Switch checked={p.showCam} onChange={(e) => p.onShowCam(e.target.checked)} />}
          label="Grad-CAM (G)"
        />
        {p.showCam && camError && <Notice error={camError} />}
        {p.showCam && cam && (
          <Typography variant="caption" color="text.secondary" component="div" data-testid="gradcam-caption">
            Grad-CAM for {cam.className} · forward pass on {cam.featureMapBackend}
          </Typography>
        )}
        {p.showCam && cam?.note && (
          // Never a heatmap passed off as the original's: which copy it came from, and how its answer differs.
          <Typography variant="caption" color="warning.main" component="div" data-testid="gradcam-source">
            {cam.note}
          </Typography>
        )}
        <ProbabilityBars
          classes={pred.classes}
          probabilities={pred.probabilities}
          flagged={pred.flagged}
          predicted={pred.predicted}
        />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          model {p.modelName} · {pred.backend}
          {pred.tta ? ' · TTA' : ''} · {when(pred.scannedAt)}
        </Typography>
        <Box sx={{ mt: 1 }} data-testid="review-state">
          {row.review ? (
            <Typography variant="body2">
              Reviewed: <b>{row.review.label}</b> by {row.review.reviewer}, {when(row.review.reviewedAt)}
              {row.review.note ? ` — “${row.review.note}”` : ''}
            </Typography>
          ) : (
            <Typography variant="body2" color="text.secondary">
              Not reviewed yet.
            </Typography>
          )}
        </Box>
      </CardContent>
    </Card>
  )
}
