import { useEffect, useState } from 'react'
import { FormControlLabel, Switch, Typography } from '@mui/material'
import type { GradCamView } from '../../../shared/contract'
import { api, call, errorText } from '../api'
import { Notice } from './Notice'
import { CellView } from './CellView'
import type { View } from '../logic/review-keys'

export interface CellWithGradCamProps {
  path: string
  modelId: string
  showCam: boolean
  onShowCam: (v: boolean) => void
  view: View
  onView: (v: View) => void
}

/** The reviewed cell with zoom, and its Grad-CAM heatmap (fetched once, the first time it is asked for). */
export function CellWithGradCam(p: CellWithGradCamProps) {
  const [cam, setCam] = useState<GradCamView | null>(null)
  const [camError, setCamError] = useState<string | null>(null)
  useEffect(() => {
    if (!p.showCam || cam) return
    let live = true
    call('explain:gradcam', { path: p.path, modelId: p.modelId }).then(
      (c) => live && setCam(c),
      (err: unknown) => live && setCamError(errorText(err))
    )
    return () => {
      live = false
    }
  }, [p.showCam, cam, p.path, p.modelId])
  return (
    <>
      <CellView
        src={p.showCam && cam ? api.imageUrl(cam.overlayPath) : api.imageUrl(p.path, 600)}
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
    </>
  )
}
