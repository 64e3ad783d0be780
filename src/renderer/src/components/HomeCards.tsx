import { Button, Card, CardContent, Chip, List, ListItem, ListItemText, Typography } from '@mui/material'
import type { HomeSummary } from '../../../shared/views'
import { backboneEngine } from '../logic/engine-summary'
import { when } from '../logic/format'
import { MetricsSummary } from './MetricsView'
import { scanActivity } from '../../../shared/format/scan-activity'

/** Home's active model: its name, backbone and classes, and its test figures with their intervals. */
export function ActiveModelCard({ h }: { h: HomeSummary | undefined }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="overline">Active model</Typography>
        {h?.activeModel ? (
          <>
            <Typography variant="h6">{h.activeModel.name}</Typography>
            <Typography variant="body2" color="text.secondary" gutterBottom>
              {h.activeModel.backbone} · {h.activeModel.classes.join(' / ')} · {when(h.activeModel.createdAt)}
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
  )
}

/** Home's compute backend: what runs the scans and the head, and why a faster one is not in use. */
export function BackendCard({ h, loading }: { h: HomeSummary | undefined; loading: boolean }) {
  return (
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
            {loading ? 'Starting the engine…' : 'No backend could be started.'}
          </Typography>
        )}
      </CardContent>
    </Card>
  )
}

/** Home's newest scans, each with its files, flags, reviews and the model's counts; a button opens its review. */
export function RecentScansCard({
  h,
  modelName,
  onOpen
}: {
  h: HomeSummary | undefined
  modelName: (id: string) => string
  onOpen: (scanId: number) => void
}) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="overline">Recent scans</Typography>
        {h?.recentScans.length ? (
          <List dense>
            {h.recentScans.map((s) => (
              <ListItem
                key={s.id}
                disableGutters
                secondaryAction={<Button onClick={() => onOpen(s.id)}>Review</Button>}
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
  )
}
