import { useState } from 'react'
import {
  Box,
  Card,
  CardContent,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import type { ModelView } from '../../../shared/contract'
import type { ModelComparison } from '../../../shared/types/researcher'
import { api, call, errorText, useCall, useJob } from '../api'
import { JobProgress } from './JobControls'
import { Notice } from './Notice'
import { VersionSelect } from './VersionSelect'
import { ReasonButton } from './ReasonButton'
import { baseName, pct } from '../logic/format'
import { classTone } from '../logic/review-view'
import { toneColor } from './tones'

/** The images two versions answer differently: thumbnail, file, each version's answer and the reviewed class. */
function DisagreementsTable({ result, name }: { result: ModelComparison; name: (id: string) => string }) {
  return (
    <Table size="small" aria-label="disagreements">
      <TableHead>
        <TableRow>
          <TableCell />
          <TableCell>File</TableCell>
          <TableCell>{name(result.a)}</TableCell>
          <TableCell>{name(result.b)}</TableCell>
          <TableCell>Reviewed as</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {result.disagreements.map((d) => (
          <TableRow key={d.sha256}>
            <TableCell sx={{ width: 52, py: 0.5 }}>
              <Box
                component="img"
                src={api.imageUrl(d.path, 128)}
                alt=""
                loading="lazy"
                sx={{
                  width: 40,
                  height: 40,
                  objectFit: 'cover',
                  borderRadius: 0.5,
                  display: 'block'
                }}
              />
            </TableCell>
            <TableCell title={d.path}>{baseName(d.path)}</TableCell>
            {[d.a, d.b].map((x, i) => (
              <TableCell
                key={i}
                sx={{
                  color: (t) => (x ? toneColor(t, classTone(x.predicted)) : undefined),
                  fontWeight: 700
                }}
              >
                {x ? `${x.predicted} ${pct(x.confidence, 0)}${x.flagged ? ' · flagged' : ''}` : '—'}
              </TableCell>
            ))}
            <TableCell>{d.reviewed ?? 'not reviewed'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}

/**
 * Two versions on the same scan: how often they agree, and a table of the images where they disagree with both
 * answers. A version that never saw the scan's images can scan the same folder from here.
 */
export function CompareCard({ models }: { models: ModelView[] }) {
  const scans = useCall('scans:list', undefined)
  const [scanId, setScanId] = useState<number | ''>('')
  const [a, setA] = useState('')
  const [b, setB] = useState('')
  const [result, setResult] = useState<ModelComparison | null>(null)
  const [error, setError] = useState<string | null>(null)
  const job = useJob('compare-scan')
  const scanList = (scans.data ?? []).filter((s) => s.kind === 'scan')
  const sid = scanId === '' ? scanList[0]?.id : scanId
  const scan = scanList.find((s) => s.id === sid)
  const va = a || scan?.modelId || models[0]?.id || ''
  const vb = b || models.find((m) => m.id !== va)?.id || ''
  const name = (id: string) => models.find((m) => m.id === id)?.name || id
  const compare = async () => {
    // Pin the choices: a scan made from here becomes the newest and must not move the defaults underneath.
    setScanId(sid!)
    setA(va)
    setB(vb)
    setError(null)
    try {
      setResult(await call('models:compare', { scanId: sid!, a: va, b: vb }))
    } catch (err) {
      setError(errorText(err))
    }
  }
  const scanWith = async (modelId: string) => {
    if (!scan) return
    const r = await job.run((jobId) =>
      call('scan:start', { jobId, folder: scan.folder, modelId, recursive: scan.recursive, tta: scan.tta })
    )
    if (r) {
      scans.reload()
      await compare()
    }
  }
  const why = !sid
    ? 'Scan a folder first'
    : models.length < 2
      ? 'Needs two model versions'
      : va === vb
        ? 'Pick two different versions'
        : null
  return (
    <Card variant="outlined" data-testid="compare-card">
      <CardContent>
        <Typography variant="overline">Compare two versions on a scan</Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
          <TextField
            select
            size="small"
            label="Scan"
            id="compare-scan"
            value={sid ?? ''}
            onChange={(e) => setScanId(Number(e.target.value))}
            sx={{ minWidth: 240 }}
          >
            {scanList.map((s) => (
              <MenuItem key={s.id} value={s.id}>
                #{s.id} {baseName(s.folder)} · {s.files} files
              </MenuItem>
            ))}
          </TextField>
          {(
            [
              ['A', va, setA],
              ['B', vb, setB]
            ] as const
          ).map(([label, value, setter]) => (
            <VersionSelect
              key={label}
              id={`compare-${label.toLowerCase()}`}
              label={`Version ${label}`}
              models={models}
              value={value}
              onChange={setter}
              minWidth={180}
            />
          ))}
          <ReasonButton
            variant="contained"
            why={why || (job.running && 'A scan is running')}
            onClick={() => void compare()}
          >
            Compare
          </ReasonButton>
        </Stack>
        <JobProgress job={job} />
        <Notice error={error ?? job.error} onClose={() => (setError(null), job.setError(null))} />
        {result && (
          <Box sx={{ mt: 2 }} data-testid="comparison">
            <Typography variant="body2" sx={{ mb: 1 }}>
              {result.both} images answered by both: they agree on {result.agree} and disagree on{' '}
              {result.disagreements.length}.
            </Typography>
            {(
              [
                [result.missingA, result.a],
                [result.missingB, result.b]
              ] as const
            ).map(([missing, id]) =>
              missing > 0 ? (
                <Stack key={id} direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
                  <Typography variant="body2" color="warning.main">
                    {missing} images of this scan have no answer from {name(id)} yet.
                  </Typography>
                  <ReasonButton
                    size="small"
                    variant="outlined"
                    why={job.running && 'A scan is running'}
                    onClick={() => void scanWith(id)}
                  >
                    Scan this folder with {name(id)}
                  </ReasonButton>
                </Stack>
              ) : null
            )}
            {result.disagreements.length > 0 && <DisagreementsTable result={result} name={name} />}
          </Box>
        )}
      </CardContent>
    </Card>
  )
}
