import { useEffect, useState } from 'react'
import { Box, Button, Card, CardContent, FormControlLabel, Stack, Switch, TextField, Typography } from '@mui/material'
import type { GradCamView, PredictionView } from '../../../shared/contract'
import { api, call, errorText } from '../api'
import { ProbabilityBars } from './ProbabilityBars'
import { Notice } from './Notice'
import { baseName, when } from '../logic/format'

/**
 * (Mounted with `key={path}`, so note and heatmap start fresh for each image.)
 * The selected image: large, with its Grad-CAM overlay on demand, every probability, the current review, and
 * buttons for what the keyboard does (Enter confirm, 1…9 relabel, N/P next/previous, G heatmap).
 */
export function ReviewPanel({ row, showCam, onShowCam, onReview }: { row: PredictionView; showCam: boolean; onShowCam: (v: boolean) => void; onReview: (label: string, note: string) => void }) {
  const [cam, setCam] = useState<GradCamView | null>(null)
  const [camError, setCamError] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const p = row.prediction
  useEffect(() => {
    if (!showCam || cam) return
    let live = true
    call('explain:gradcam', { path: row.path, modelId: p.modelId }).then(
      (c) => live && setCam(c),
      (err: unknown) => live && setCamError(errorText(err))
    )
    return () => {
      live = false
    }
  }, [showCam, cam, row.path, p.modelId])

  return (
    <Card variant="outlined" sx={{ width: 340, flexShrink: 0 }} data-testid="review-panel">
      <CardContent>
        <Typography variant="subtitle2" noWrap title={row.path}>
          {baseName(row.path)}
        </Typography>
        <Box component="img" src={showCam && cam ? api.imageUrl(cam.overlayPath) : api.imageUrl(row.path, 300)} alt="selected cell" sx={{ width: 300, height: 300, objectFit: 'contain', display: 'block', my: 1, bgcolor: 'black' }} />
        <FormControlLabel control={<Switch checked={showCam} onChange={(e) => onShowCam(e.target.checked)} />} label="Grad-CAM (G)" />
        {showCam && camError && <Notice error={camError} />}
        {showCam && cam && (
          <Typography variant="caption" color="text.secondary" component="div" data-testid="gradcam-caption">
            Grad-CAM for {cam.className} · forward pass on {cam.featureMapBackend}
          </Typography>
        )}
        <Typography variant="h6">
          {p.predicted} {p.flagged && <Typography component="span" color="warning.main">· flagged</Typography>}
        </Typography>
        <ProbabilityBars classes={p.classes} probabilities={p.probabilities} flagged={p.flagged} predicted={p.predicted} />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          model {p.modelId} · {p.backend}
          {p.tta ? ' · TTA' : ''} · {when(p.scannedAt)}
        </Typography>
        <Box sx={{ mt: 2 }} data-testid="review-state">
          {row.review ? (
            <Typography>
              Reviewed: <b>{row.review.label}</b> by {row.review.reviewer}, {when(row.review.reviewedAt)}
              {row.review.note ? ` — “${row.review.note}”` : ''}
            </Typography>
          ) : (
            <Typography color="text.secondary">Not reviewed yet.</Typography>
          )}
        </Box>
        <TextField size="small" fullWidth label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} sx={{ my: 1 }} />
        <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={1} useFlexGap>
          <Button variant="contained" onClick={() => onReview(p.predicted, note)}>
            Confirm {p.predicted} (Enter)
          </Button>
          {p.classes
            .filter((c) => c !== p.predicted)
            .map((c) => (
              <Button key={c} variant="outlined" onClick={() => onReview(c, note)}>
                Relabel {c} ({p.classes.indexOf(c) + 1})
              </Button>
            ))}
        </Stack>
      </CardContent>
    </Card>
  )
}
