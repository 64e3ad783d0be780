import { useEffect } from 'react'
import {
  Box,
  Button,
  Card,
  CardContent,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography
} from '@mui/material'
import { useCall } from '../api'
import {
  QUEUE_REFRESH_MS,
  anyUnfinished,
  batchesText,
  donePercent,
  imagesText,
  isFinished,
  machinesText
} from '../logic/queued-scans'
import { baseName, when } from '../logic/format'
import { Notice } from './Notice'

/**
 * Scans spread over the lab's workers: batches and images done, and the machines working on each. Asks again
 * every few seconds while any is unfinished. Shows nothing where no scan was ever queued (a workstation's own
 * database has no queue).
 */
export function QueuedScans({ onOpen }: { onOpen: (scanId: number) => void }) {
  const queued = useCall('queue:scans', { limit: 20 })
  const { reload } = queued
  const live = anyUnfinished(queued.data)
  useEffect(() => {
    if (!live) return
    const t = setInterval(reload, QUEUE_REFRESH_MS)
    return () => clearInterval(t)
  }, [live, reload])
  if (queued.error) return <Notice error={queued.error} />
  if (!queued.data?.length) return null
  return (
    <Card variant="outlined" data-testid="queued-scans">
      <CardContent>
        <Typography variant="overline" component="h2" id="queued-scans-title">
          Queued scans{live ? ' — updating every few seconds' : ''}
        </Typography>
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-labelledby="queued-scans-title">
            <TableHead>
              <TableRow>
                {['Scan', 'Progress', 'Machines', 'Started', ''].map((h, i) => (
                  <TableCell key={i}>{h}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {queued.data.map((s) => (
                <TableRow key={s.scanId} data-scan={s.scanId}>
                  <TableCell sx={{ maxWidth: 260 }}>
                    <Typography variant="body2" sx={{ fontWeight: 700 }} title={s.folder} noWrap>
                      {baseName(s.folder)}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">
                      scan {s.scanId} · {s.status}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ minWidth: 220 }}>
                    <LinearProgress
                      variant="determinate"
                      value={donePercent(s)}
                      aria-label={`scan ${s.scanId}: ${imagesText(s)}`}
                      color={isFinished(s) ? 'success' : 'primary'}
                      sx={{ mb: 0.5 }}
                    />
                    <Typography variant="body2">{imagesText(s)}</Typography>
                    <Typography variant="body2" color="text.secondary">
                      {batchesText(s)}
                    </Typography>
                    {s.error && (
                      <Typography variant="body2" color="error">
                        {s.error}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">{machinesText(s)}</Typography>
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">{when(s.startedAt)}</Typography>
                    {s.finishedAt && (
                      <Typography variant="body2" color="text.secondary">
                        finished {when(s.finishedAt)}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">
                    <Button onClick={() => onOpen(s.scanId)} aria-label={`Open scan ${s.scanId}`}>
                      Open
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </CardContent>
    </Card>
  )
}
