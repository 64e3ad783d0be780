import { useState } from 'react'
import {
  Box,
  Button,
  Card,
  CardContent,
  List,
  ListItemButton,
  ListItemText,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import type { ImportSummary } from '../../../shared/types/datasets'
import { api, call, errorText, useCall, useJob } from '../api'
import { PathField } from '../components/PathField'
import { JobButtons, JobProgress } from '../components/JobControls'
import { Notice } from '../components/Notice'
import { SkippedFolders } from '../components/SkippedFolders'
import { baseName, when } from '../logic/format'
import type { ScreenProps } from '.'

/** Import a folder with live progress; every dataset with its classes, subjects, splits and a few thumbnails. */
export function Datasets(_props: ScreenProps) {
  const [folder, setFolder] = useState('')
  const [name, setName] = useState('')
  const [map, setMap] = useState('')
  const job = useJob('import')
  const [report, setReport] = useState<ImportSummary | null>(null)
  const { error, setError } = job
  const [selected, setSelected] = useState<string | null>(null)
  const list = useCall('datasets:list', undefined)
  const detail = useCall('datasets:get', selected ? { name: selected } : null, selected ?? '')

  const doImport = async () => {
    setReport(null)
    const r = await job.run((jobId) =>
      call('datasets:import', {
        jobId,
        folder: folder.trim(),
        name: name.trim() || undefined,
        map: map.trim() || undefined
      })
    )
    if (!r) return
    setReport(r)
    setSelected(r.dataset.name)
    list.reload()
  }
  // The images' files stay where they are; model versions trained on it keep working.
  const remove = async (name: string) => {
    if (!window.confirm(`Delete dataset ${name}? Its images stay on disk; versions trained on it are kept.`))
      return
    try {
      await call('datasets:delete', { name })
      setSelected(null)
      list.reload()
    } catch (err) {
      setError(errorText(err))
    }
  }
  const split = async () => {
    if (!selected) return
    try {
      await call('datasets:split', { name: selected })
      detail.reload()
    } catch (err) {
      setError(errorText(err))
    }
  }

  const d = selected ? detail.data : undefined
  return (
    <Stack spacing={2}>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="overline">Import a folder</Typography>
          <Stack spacing={1.5}>
            <PathField
              id="import-folder"
              label="Folder"
              value={folder}
              onChange={setFolder}
              kind="folder"
              onError={setError}
            />
            <Stack direction="row" spacing={1}>
              <TextField
                id="import-name"
                size="small"
                label="Dataset name (default: folder name)"
                value={name}
                onChange={(e) => setName(e.target.value)}
                sx={{ flex: 1 }}
              />
              <TextField
                id="import-map"
                size="small"
                label="Class mapping, e.g. Benign=HEM,Early=ALL"
                value={map}
                onChange={(e) => setMap(e.target.value)}
                sx={{ flex: 2 }}
              />
              <JobButtons
                job={job}
                label="Import"
                canStart={Boolean(folder.trim())}
                onStart={() => void doImport()}
              />
            </Stack>
            <JobProgress job={job} />
            <Notice error={error} onClose={() => setError(null)} />
            {report && (
              <Box data-testid="import-report">
                <Typography>
                  <b>{report.dataset.name}</b>: {report.layoutDescription}. {report.filesFound} files found,{' '}
                  {report.added} images added, {report.alreadyImported} already imported,{' '}
                  {report.duplicates.length} duplicates, {report.skipped.length} skipped (
                  {report.seconds.toFixed(1)} s).
                </Typography>
                <SkippedFolders folders={report.skippedFolders} />
                {report.skipped.slice(0, 20).map((s) => (
                  <Typography key={s.path} variant="body2" color="warning.main">
                    skipped {s.path}: {s.reason}
                  </Typography>
                ))}
              </Box>
            )}
          </Stack>
        </CardContent>
      </Card>
      <Notice error={list.error} />
      <Stack sx={{ alignItems: 'flex-start' }} direction="row" spacing={2}>
        <Card variant="outlined" sx={{ width: 280, flexShrink: 0 }}>
          <List dense aria-label="datasets">
            {(list.data ?? []).map((ds) => (
              <ListItemButton
                key={ds.name}
                selected={ds.name === selected}
                onClick={() => setSelected(ds.name)}
              >
                <ListItemText
                  primary={ds.name}
                  secondary={`${ds.images} images · ${ds.layout} · ${ds.classes.map((c) => c.name).join('/')}`}
                />
              </ListItemButton>
            ))}
            {list.data?.length === 0 && (
              <Typography sx={{ p: 2 }} color="text.secondary">
                No datasets yet.
              </Typography>
            )}
          </List>
        </Card>
        {d && (
          <Card variant="outlined" sx={{ flex: 1 }}>
            <CardContent>
              <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
                <Typography variant="h6">{d.name}</Typography>
                <Button color="error" size="small" onClick={() => void remove(d.name)}>
                  Delete dataset
                </Button>
              </Stack>
              <Typography variant="body2" color="text.secondary" gutterBottom>
                {d.root} · {d.layout} · {d.images} images ({d.labelled} labelled) · {d.subjects} subjects ·{' '}
                {d.duplicateFiles} duplicate files · created {when(d.createdAt)}
              </Typography>
              <Table size="small" sx={{ width: 'auto', mb: 2 }} aria-label="classes">
                <TableHead>
                  <TableRow>
                    <TableCell>Class</TableCell>
                    <TableCell align="right">Images</TableCell>
                    <TableCell align="right">Subjects</TableCell>
                    <TableCell>From folders</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {d.classes.map((c) => (
                    <TableRow key={c.name}>
                      <TableCell>{c.name}</TableCell>
                      <TableCell align="right">{c.images}</TableCell>
                      <TableCell align="right">{c.subjects}</TableCell>
                      <TableCell>{c.sources.join(', ')}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {d.split ? (
                <Box aria-label="splits">
                  <Typography variant="subtitle2">
                    Split {d.split.ratios.join('/')} by {d.split.by}, seed {d.split.seed}
                  </Typography>
                  <Table size="small" sx={{ width: 'auto' }}>
                    <TableHead>
                      <TableRow>
                        <TableCell>Split</TableCell>
                        <TableCell align="right">Images</TableCell>
                        <TableCell align="right">Subjects</TableCell>
                        {d.classes.map((c) => (
                          <TableCell key={c.name} align="right">
                            {c.name}
                          </TableCell>
                        ))}
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {d.split.splits.map((s) => (
                        <TableRow key={s.split}>
                          <TableCell>{s.split}</TableCell>
                          <TableCell align="right">{s.images}</TableCell>
                          <TableCell align="right">{s.subjects}</TableCell>
                          {d.classes.map((c) => (
                            <TableCell key={c.name} align="right">
                              {s.classes[c.name]?.images ?? 0}
                            </TableCell>
                          ))}
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                  {d.split.warnings.map((w) => (
                    <Typography key={w} variant="body2" color="warning.main">
                      {w}
                    </Typography>
                  ))}
                </Box>
              ) : (
                <Button variant="outlined" onClick={() => void split()}>
                  Make a train/validation/test split
                </Button>
              )}
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 2 }} aria-label="sample images">
                {d.samples.map((s) => (
                  <Box key={s.path} sx={{ textAlign: 'center' }}>
                    <Box
                      component="img"
                      src={api.imageUrl(s.path, 96)}
                      alt={baseName(s.path)}
                      loading="lazy"
                      sx={{ width: 96, height: 96, objectFit: 'cover', display: 'block', borderRadius: 1 }}
                    />
                    <Typography variant="caption">{s.label ?? 'unlabelled'}</Typography>
                  </Box>
                ))}
              </Box>
            </CardContent>
          </Card>
        )}
        <Notice error={selected ? detail.error : undefined} />
      </Stack>
    </Stack>
  )
}
