import { useState } from 'react'
import { Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material'
import { LineChart } from '@mui/x-charts/LineChart'
import type { ModelView } from '../../../shared/contract'
import { agreementText, silentErrorText } from '../../../shared/agreement-text'
import { useCall } from '../api'
import { Notice } from './Notice'

/**
 * A version in use, watched through its reviews: how often reviewers kept its answer on flagged and on unflagged
 * cells (1 − the unflagged share estimates its silent errors), and how that moved, day by day.
 */
export function AgreementCard({ models }: { models: ModelView[] }) {
  const [picked, setPicked] = useState<string | null>(null)
  const id = picked ?? models.find((m) => m.active)?.id ?? models[0]?.id
  const data = useCall('models:agreement', id ? { id } : null)
  const a = data.data?.modelId === id ? data.data : undefined
  const u = a?.unflagged
  return (
    <Card variant="outlined" data-testid="agreement-card">
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="overline">In use: reviewers&apos; agreement</Typography>
          <TextField
            select
            size="small"
            label="Version"
            value={id ?? ''}
            onChange={(e) => setPicked(e.target.value)}
            sx={{ minWidth: 240 }}
          >
            {models.map((m) => (
              <MenuItem key={m.id} value={m.id}>
                {m.name || m.id}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        <Notice error={data.error} />
        {a && (
          <>
            <Typography variant="body2" data-testid="agreement">
              Flagged cells: {agreementText(a.flagged)} · Unflagged cells: {agreementText(a.unflagged)}
              {u && u.reviewed > 0 ? ` · ${silentErrorText(u)}` : ''}
            </Typography>
            {a.history.length > 0 ? (
              <LineChart
                height={200}
                width={520}
                skipAnimation
                xAxis={[{ data: a.history.map((h) => h.date), scaleType: 'point', label: 'reviews up to' }]}
                yAxis={[{ min: 0, max: 1, valueFormatter: (v: number) => `${Math.round(v * 100)}%` }]}
                series={[
                  {
                    data: a.history.map((h) => h.flagged.rate),
                    label: 'kept, flagged',
                    connectNulls: true,
                    showMark: true
                  },
                  {
                    data: a.history.map((h) => h.unflagged.rate),
                    label: 'kept, unflagged',
                    connectNulls: true
                  }
                ]}
                aria-label="agreement over time"
              />
            ) : (
              <Typography variant="body2" color="text.secondary">
                No review of this version&apos;s answers yet: each review adds to these figures.
              </Typography>
            )}
          </>
        )}
      </CardContent>
    </Card>
  )
}
