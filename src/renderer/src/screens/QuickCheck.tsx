import { useEffect, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControlLabel,
  Stack,
  Switch,
  Typography
} from '@mui/material'
import type { QuickCheckItem } from '../../../shared/contract'
import { api, call, useJob } from '../api'
import { PathField } from '../components/PathField'
import { ProgressLine } from '../components/ProgressLine'
import { Notice } from '../components/Notice'
import { ProbabilityBars } from '../components/ProbabilityBars'
import { baseName, pct } from '../logic/format'
import type { ScreenProps } from './screen-props'

/**
 * Drop one or a few images anywhere on the window (or pick them): the predicted class, every probability with
 * the confidence, and the Grad-CAM overlay. Each check is stored in the history like a scan.
 */
export function QuickCheck({ dropped }: ScreenProps) {
  // Mounted afresh for each drop (App keys it), so the dropped files are the initial state.
  const [paths, setPaths] = useState(dropped.join('\n'))
  const [items, setItems] = useState<{ path: string; item: QuickCheckItem }[]>([])
  const job = useJob('quick')
  const { error, setError } = job
  const [showCam, setShowCam] = useState(true)

  const run = async (list: string[]) => {
    if (!list.length) return
    const result = await job.run((jobId) => call('quick:check', { jobId, paths: list }))
    if (result) setItems(result.map((item, i) => ({ path: list[i], item })))
  }
  useEffect(() => {
    if (!dropped.length) return
    // Started from a timer callback, once per mount (a new drop remounts this screen).
    const t = setTimeout(() => void run(dropped), 0)
    return () => clearTimeout(t)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const list = paths
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean)
  return (
    <Stack spacing={2}>
      <Typography color="text.secondary">Drop image files anywhere on this window, or pick them.</Typography>
      <Stack sx={{ alignItems: 'flex-start' }} direction="row" spacing={1}>
        <PathField
          id="quick-paths"
          label="Image files (one per line)"
          value={paths}
          onChange={setPaths}
          kind="files"
          multiple
          onError={setError}
        />
        <Button variant="contained" disabled={!list.length || job.running} onClick={() => void run(list)}>
          Check
        </Button>
      </Stack>
      {job.running && (
        <ProgressLine progress={job.progress ?? { phase: 'checking', done: 0, total: list.length }} />
      )}
      <Notice error={error} onClose={() => setError(null)} />
      {items.length > 0 && (
        <FormControlLabel
          control={<Switch checked={showCam} onChange={(e) => setShowCam(e.target.checked)} />}
          label="Grad-CAM overlay"
        />
      )}
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 2 }}>
        {items.map(({ path, item }) => (
          <Card key={path} variant="outlined" data-testid="quick-result">
            <CardContent>
              <Typography variant="subtitle2" noWrap title={path}>
                {baseName(path)}
              </Typography>
              {item.prediction ? (
                <>
                  {/* Said before the picture and the answer: neither means much for an image the model does not know. */}
                  {item.unfamiliar && item.unfamiliar.length > 0 && (
                    <Alert severity="warning" role="status" sx={{ my: 1 }} data-testid="quick-unfamiliar">
                      Unlike this model&apos;s training data: {item.unfamiliar.join('; ')}. The answer and the
                      heatmap below are not to be trusted.
                    </Alert>
                  )}
                  <Box
                    component="img"
                    alt={`cell ${baseName(path)}`}
                    src={
                      showCam && item.gradcam
                        ? api.imageUrl(item.gradcam.overlayPath)
                        : api.imageUrl(path, 224)
                    }
                    sx={{
                      width: 224,
                      height: 224,
                      objectFit: 'contain',
                      display: 'block',
                      my: 1,
                      bgcolor: 'black'
                    }}
                  />
                  <Typography variant="h6" data-testid="quick-class">
                    {item.prediction.prediction.predicted} · {pct(item.prediction.prediction.confidence)}
                    {item.prediction.prediction.flagged ? ' · flagged for review' : ''}
                  </Typography>
                  <ProbabilityBars
                    classes={item.prediction.prediction.classes}
                    probabilities={item.prediction.prediction.probabilities}
                    flagged={item.prediction.prediction.flagged}
                    predicted={item.prediction.prediction.predicted}
                  />
                  {!item.gradcam && (
                    <Typography variant="caption">
                      No Grad-CAM for this image{item.error ? `: ${item.error}` : ''}.
                    </Typography>
                  )}
                </>
              ) : (
                <Notice error={item.error ?? 'not checked'} />
              )}
            </CardContent>
          </Card>
        ))}
      </Box>
    </Stack>
  )
}
