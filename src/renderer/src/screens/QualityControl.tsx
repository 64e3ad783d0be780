import { useState } from 'react'
import { Alert, Box, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material'
import { call, errorText, useCall, useJob } from '../api'
import { Notice } from '../components/Notice'
import { PathField } from '../components/PathField'
import { ClassMapField } from '../components/ClassMapField'
import { JobButtons, JobProgress } from '../components/JobControls'
import { useRoleRefusal } from '../hooks/useRoleRefusal'
import { ReasonButton } from '../components/ReasonButton'
import { LeveyJennings } from '../components/LeveyJennings'
import { QcRunsTable } from '../components/QcRunsTable'
import { QcTargets } from '../components/QcTargets'
import type { ScreenProps } from './screen-props'

/**
 * Quality control: a control set's runs on Levey–Jennings charts (accuracy, blast share) with their Westgard
 * verdicts; run it now; acknowledge a rejected run with a note; register a new set.
 */
export function QualityControl(_props: ScreenProps) {
  const sets = useCall('qc:list', undefined)
  const [chosen, setChosen] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [form, setForm] = useState({ name: '', folder: '', map: '' })
  const job = useJob('qc')
  const set = sets.data?.find((s) => s.name === chosen) ?? sets.data?.[0]
  const act = async (work: () => Promise<unknown>) => {
    try {
      setError(null)
      await work()
      sets.reload()
    } catch (err) {
      setError(errorText(err))
    }
  }
  const runNow = () =>
    void job.run(async (jobId) => {
      await call('qc:run', { jobId, name: set!.name })
      sets.reload()
    })
  const addRefused = useRoleRefusal('qc:add')
  const add = () =>
    act(async () => {
      const s = await call('qc:add', {
        name: form.name.trim(),
        folder: form.folder,
        map: form.map.trim() || undefined
      })
      setChosen(s.name)
      setForm({ name: '', folder: '', map: '' })
    })
  const points = (value: (r: NonNullable<typeof set>['runs'][number]) => number) =>
    (set?.runs ?? []).map((r) => ({ run: r.id, value: value(r), reject: r.reject }))
  return (
    <Stack spacing={2}>
      <Notice error={error ?? sets.error ?? job.error} onClose={() => setError(null)} />
      {set && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
          <TextField
            select
            size="small"
            label="Control set"
            value={set.name}
            onChange={(e) => setChosen(e.target.value)}
            sx={{ minWidth: 240 }}
          >
            {(sets.data ?? []).map((s) => (
              <MenuItem key={s.name} value={s.name}>
                {s.name}
              </MenuItem>
            ))}
          </TextField>
          <JobButtons job={job} label="Run now" canStart onStart={runNow} />
          <Typography variant="body2" color="text.secondary">
            {set.folder} ·{' '}
            {Object.entries(set.expected)
              .map(([c, n]) => `${c} ${n}`)
              .join(', ')}{' '}
            · blasts are {set.blastClass}
          </Typography>
        </Stack>
      )}
      <JobProgress job={job} startPhase="scanning the control set" />
      {set && (
        <QcTargets
          set={set}
          onSet={(patch) => void act(() => call('qc:target', { name: set.name, ...patch }))}
        />
      )}
      {set && set.openAlerts > 0 && (
        <Alert severity="error" role="alert">
          {set.openAlerts} rejected run(s) of {set.name} not acknowledged: no result goes to the LIS until a
          person looks into it and acknowledges with a note.
        </Alert>
      )}
      {set && (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: 2 }}>
          <LeveyJennings
            title="Accuracy on the control set (%)"
            points={points((r) => r.accuracy.percent)}
            target={set.accuracyTarget}
          />
          <LeveyJennings
            title={`${set.blastClass} share (%)`}
            points={points((r) => r.blasts.percent)}
            target={set.blastTarget}
          />
        </Box>
      )}
      {set && set.runs.length > 0 && (
        <QcRunsTable
          runs={set.runs}
          onAck={(runId, note) => void act(() => call('qc:ack', { runId, note }))}
        />
      )}
      {set && set.runs.length === 0 && (
        <Typography color="text.secondary">No runs of {set.name} yet.</Typography>
      )}
      <Card variant="outlined">
        <CardContent>
          <Typography variant="overline">New control set</Typography>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            A folder of reference images, one sub-folder per class (names mapped like an import, e.g.
            Benign=HEM,Early=ALL).
          </Typography>
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }} useFlexGap>
            <TextField
              size="small"
              label="Name"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
            <PathField
              label="Folder"
              kind="folder"
              value={form.folder}
              onChange={(folder) => setForm({ ...form, folder })}
              onError={setError}
            />
            <ClassMapField value={form.map} onChange={(map) => setForm({ ...form, map })} />
            <ReasonButton
              variant="contained"
              why={
                addRefused ||
                (!form.name.trim() || !form.folder ? 'Name the set and choose its folder' : false)
              }
              onClick={() => void add()}
            >
              Add
            </ReasonButton>
          </Stack>
        </CardContent>
      </Card>
    </Stack>
  )
}
