import { useState } from 'react'
import {
  Box,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import type { DatasetDetail } from '../../../shared/contract'
import type { ImportSummary } from '../../../shared/types/datasets'
import { api, call } from '../api'
import type { useJob } from '../api'
import { PathField } from './PathField'
import { JobButtons, JobProgress } from './JobControls'
import { ReasonButton } from './ReasonButton'
import { useRoleRefusal } from '../hooks/useRoleRefusal'
import { Notice } from './Notice'
import { SkippedFolders } from './SkippedFolders'
import { baseName, when } from '../logic/format'

/**
 * Import a folder (with an optional name and class mapping) with live progress, then what was added and skipped.
 * `job` is the screen's, so that its error line also shows the screen's other failures.
 */
export function ImportFolderCard({
  job,
  onImported
}: {
  job: ReturnType<typeof useJob>
  onImported: (name: string) => void
}) {
  const [folder, setFolder] = useState('')
  const [name, setName] = useState('')
  const [map, setMap] = useState('')
  const [report, setReport] = useState<ImportSummary | null>(null)
  const { error, setError } = job

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
    onImported(r.dataset.name)
  }
  return (
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
              call="datasets:import"
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
  )
}

/** A dataset's split: its ratios, images and subjects per split and class, and what the split warns about. */
function DatasetSplitTable({ d, split }: { d: DatasetDetail; split: NonNullable<DatasetDetail['split']> }) {
  return (
    <Box aria-label="splits">
      <Typography variant="subtitle2">
        Split {split.ratios.join('/')} by {split.by}, seed {split.seed}
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
          {split.splits.map((s) => (
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
      {split.warnings.map((w) => (
        <Typography key={w} variant="body2" color="warning.main">
          {w}
        </Typography>
      ))}
    </Box>
  )
}

/** One dataset: where it is, its classes, its split (or a button to make one) and a few sample images. */
export function DatasetDetailCard({
  d,
  onDelete,
  onSplit
}: {
  d: DatasetDetail
  onDelete: () => void
  onSplit: () => void
}) {
  const mayNotDelete = useRoleRefusal('datasets:delete')
  const mayNotSplit = useRoleRefusal('datasets:split')
  return (
    <Card variant="outlined" sx={{ flex: 1 }}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography variant="h6">{d.name}</Typography>
          <ReasonButton color="error" size="small" why={mayNotDelete} onClick={onDelete}>
            Delete dataset
          </ReasonButton>
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
          <DatasetSplitTable d={d} split={d.split} />
        ) : (
          <ReasonButton variant="outlined" why={mayNotSplit} onClick={onSplit}>
            Make a train/validation/test split
          </ReasonButton>
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
  )
}
