import { Alert, Box, Button, List, ListItem, ListItemText, Stack, Typography } from '@mui/material'
import { useCall } from '../api'
import { Notice } from '../components/Notice'
import type { ScreenProps } from './screen-props'
import { modelLabel } from '../../../shared/names'
import { QcCard } from '../components/QcCard'
import { QueuedScans } from '../components/QueuedScans'
import { SampleWorklist } from '../components/SampleWorklist'
import { ActiveModelCard, BackendCard, RecentScansCard } from '../components/HomeCards'

/**
 * The day's work: samples waiting for a count or a sign-off, quality control, the active model's test figures with
 * their intervals, the backend and why, scans queued for the lab's workers, recent scans, and what to do first.
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
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          alignItems: 'start',
          // Wide screens: the day's samples beside QC, the model and the backend; narrower: one column.
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', xl: 'minmax(0, 5fr) minmax(380px, 2fr)' },
          gridTemplateAreas: { xs: '"work" "side" "recent"', xl: '"work side" "recent side"' },
          // The side column is the taller one: the second row takes what is left, so Recent scans follows the list.
          gridTemplateRows: { xl: 'auto 1fr' }
        }}
      >
        <Box sx={{ gridArea: 'work', minWidth: 0 }}>
          <SampleWorklist onOpen={(w) => navigate('scan', { scanId: w.scanId, sample: w.sample })} />
        </Box>
        <Box
          sx={{
            gridArea: 'side',
            display: 'grid',
            gap: 2,
            gridTemplateColumns: { xs: 'repeat(auto-fit, minmax(320px, 1fr))', xl: 'minmax(0, 1fr)' }
          }}
        >
          <QcCard onOpen={() => navigate('qc')} />
          <ActiveModelCard h={h} />
          <BackendCard h={h} loading={home.loading} />
        </Box>
        <Box sx={{ gridArea: 'recent', minWidth: 0 }}>
          <RecentScansCard h={h} modelName={modelName} onOpen={(scanId) => navigate('scan', { scanId })} />
        </Box>
      </Box>
    </Stack>
  )
}
