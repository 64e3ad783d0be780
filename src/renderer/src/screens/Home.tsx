import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  List,
  ListItem,
  ListItemText,
  Stack,
  Typography
} from '@mui/material'
import { useCall } from '../api'
import { Notice } from '../components/Notice'
import { MetricsSummary } from '../components/MetricsView'
import { when } from '../logic/format'
import type { ScreenProps } from './screen-props'
import { backboneEngine } from '../logic/engine-summary'
import { modelLabel } from '../../../shared/names'
import { QcCard } from '../components/QcCard'
import { QueuedScans } from '../components/QueuedScans'
import { scanActivity } from '../../../shared/format/scan-activity'

/**
 * The active model and its test metrics, the backend and why, scans queued for the lab's workers, recent scans,
 * and what to do first.
 */
export function Home({ navigate }: ScreenProps) {
  const home = useCall('app:home', undefined)
  const models = useCall('models:list', undefined)
  const h = home.data
  const modelName = (id: string) => {
    const m = models.data?.find((x) => x.id === id)
    return m ? modelLabel(m) : id
  }
  return (
    <Stack spacing={2}>
      <Notice error={home.error} />
      {h && h.missing.length > 0 && (
        <Alert severity="info" aria-label="first steps">
          <Typography sx={{ fontWeight: 700 }}>First steps</Typography>
          <List dense disablePadding>
            {h.missing.includes('densenet-weights') && (
              <ListItem disableGutters>
                <ListItemText
                  primary="Add the DenseNet121 ImageNet weights file (densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5)"
                  secondary="Settings → Weights files. Without it, any TF.js backbone (e.g. MobileNetV2) can be added instead."
                />
                <Button onClick={() => navigate('settings')}>Settings</Button>
              </ListItem>
            )}
            {h.missing.includes('dataset') && (
              <ListItem disableGutters>
                <ListItemText primary="Import a dataset: a folder with one sub-folder per class, or the C-NMC layout" />
                <Button onClick={() => navigate('datasets')}>Datasets</Button>
              </ListItem>
            )}
            {h.missing.includes('model') && (
              <ListItem disableGutters>
                <ListItemText primary="Train a model (or import a .keras model) and activate it" />
                <Button onClick={() => navigate('training')}>Training</Button>
              </ListItem>
            )}
          </List>
        </Alert>
      )}
      <QueuedScans onOpen={(scanId) => navigate('scan', { scanId })} />
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: 2 }}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="overline">Active model</Typography>
            {h?.activeModel ? (
              <>
                <Typography variant="h6">{h.activeModel.name}</Typography>
                <Typography variant="body2" color="text.secondary" gutterBottom>
                  {h.activeModel.backbone} · {h.activeModel.classes.join(' / ')} ·{' '}
                  {when(h.activeModel.createdAt)}
                </Typography>
                {h.activeModel.test ? (
                  <MetricsSummary m={h.activeModel.test} />
                ) : (
                  <Typography>No test metrics stored.</Typography>
                )}
              </>
            ) : (
              <Typography color="text.secondary">No active model yet.</Typography>
            )}
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="overline">Compute backend</Typography>
            {h?.backend ? (
              <>
                <Typography variant="body2" color="text.secondary">
                  Scans, feature extraction, Grad-CAM's forward pass
                </Typography>
                <Typography variant="h6" data-testid="backbone-engine">
                  {backboneEngine(h.backend, h.backendChoice)}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                  Head training, Grad-CAM's gradient
                  {h.backend.onnx?.available ? ', backbones not on ONNX Runtime' : ''}
                </Typography>
                <Typography variant="h6">
                  TF.js {h.backend.name} <Chip size="small" label={h.backend.chosenBy} />
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  version {h.backend.version} · {h.backend.workers} worker(s) × {h.backend.threads} thread(s)
                  {h.backend.gpu ? ` · ${h.backend.gpu}` : ''}
                </Typography>
                {h.backend.unavailable.map((u) => (
                  <Typography key={u.name} variant="body2" sx={{ mt: 0.5 }}>
                    <b>{u.name}</b> not used: {u.why}
                  </Typography>
                ))}
              </>
            ) : (
              <Typography color="text.secondary">
                {home.loading ? 'Starting the engine…' : 'No backend could be started.'}
              </Typography>
            )}
          </CardContent>
        </Card>
        <QcCard onOpen={() => navigate('qc')} />
      </Box>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="overline">Recent scans</Typography>
          {h?.recentScans.length ? (
            <List dense>
              {h.recentScans.map((s) => (
                <ListItem
                  key={s.id}
                  disableGutters
                  secondaryAction={<Button onClick={() => navigate('scan', { scanId: s.id })}>Review</Button>}
                >
                  <ListItemText
                    primary={`${s.kind === 'quick' ? 'Quick check' : s.folder} — ${s.files} files, ${s.flagged} flagged, ${s.reviewed} reviewed`}
                    secondary={`${when(s.startedAt)}${s.status === 'running' ? ` · ${scanActivity(s)}` : ''} · model ${modelName(s.modelId)} · ${Object.entries(
                      s.countsByClass
                    )
                      .map(([c, n]) => `${c} ${n}`)
                      .join(', ')}`}
                  />
                </ListItem>
              ))}
            </List>
          ) : (
            <Typography color="text.secondary">No scans yet.</Typography>
          )}
        </CardContent>
      </Card>
    </Stack>
  )
}
