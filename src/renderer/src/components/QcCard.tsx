import { Alert, Button, Card, CardContent, Typography } from '@mui/material'
import { useCall } from '../api'
import { shareText, verdictText } from '../../../shared/format/qc'
import { when } from '../logic/format'

/**
 * Home's quality-control state: each control set's last run, the sets due by the schedule, and any rejected run
 * nobody acknowledged.
 */
export function QcCard({ onOpen }: { onOpen: () => void }) {
  const sets = useCall('qc:list', undefined)
  const open = (sets.data ?? []).reduce((n, s) => n + s.openAlerts, 0)
  const due = (sets.data ?? []).filter((s) => s.due)
  return (
    <Card variant="outlined" aria-label="quality control">
      <CardContent>
        <Typography variant="overline">Quality control</Typography>
        {open > 0 && (
          <Alert severity="error" sx={{ mb: 1 }}>
            {open} rejected control run(s) not acknowledged: no result goes to the LIS until someone
            acknowledges.
          </Alert>
        )}
        {due.length > 0 && (
          <Alert severity="warning" sx={{ mb: 1 }} aria-label="QC due">
            QC due: {due.map((s) => s.name).join(', ')} — the last run is older than the schedule in Settings.
          </Alert>
        )}
        {sets.data?.length ? (
          sets.data.map((s) => {
            const last = s.runs.at(-1)
            return (
              <Typography key={s.name} variant="body2" sx={{ mb: 0.5 }}>
                <b>{s.name}</b>:{' '}
                {last
                  ? `${when(last.at)} · accuracy ${shareText(last.accuracy)} · ${verdictText(last)}`
                  : 'no run yet'}
              </Typography>
            )
          })
        ) : (
          <Typography color="text.secondary">No control set yet.</Typography>
        )}
        <Button onClick={onOpen}>Quality control</Button>
      </CardContent>
    </Card>
  )
}
