import { useState } from 'react'
import {
  Button,
  Card,
  CardContent,
  MenuItem,
  Slider,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import type { Settings } from '../../../shared/contract'
import type { BackboneSummary } from '../../../shared/types/engine'
import { decimalNumber } from '../../../shared/decimal'
import { MAX_MEGAPIXELS } from '../../../shared/names'
import DENSENET121_WEIGHTS from '../../../shared/densenet121-weights.json'
import { call, errorText } from '../api'
import type { Loaded } from '../api'
import { PathField } from './PathField'
import { Notice } from './Notice'
import { Int8Copy } from './Int8Copy'
import { ReasonButton } from './ReasonButton'
import { useRoleRefusal } from '../hooks/useRoleRefusal'

/** A change to the settings, as `settings:set` takes it. */
export type SettingsPatch = Parameters<typeof call<'settings:set'>>[1]

/** A typed pixel limit: a number of megapixels in (0, MAX_MEGAPIXELS] (the engine checks it again), else null. */
function megapixelsOrNull(text: string): number | null {
  const v = decimalNumber(text)
  return Number.isFinite(v) && v > 0 && v <= MAX_MEGAPIXELS ? v : null
}

/** The data folder in use and the one to use from the next start. */
export function DataFolderCard({
  s,
  save,
  onError
}: {
  s: Settings
  save: (patch: SettingsPatch) => Promise<void>
  onError: (error: string) => void
}) {
  const [nextDir, setNextDir] = useState('')
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="overline">Data folder</Typography>
        <Typography gutterBottom>
          In use: <code>{s.dataDir}</code>
          {s.nextDataDir && (
            <>
              {' '}
              · from the next start: <code>{s.nextDataDir}</code>
            </>
          )}
        </Typography>
        <Stack direction="row" spacing={1}>
          <PathField
            label="Another data folder (takes effect at the next start)"
            value={nextDir}
            onChange={setNextDir}
            kind="folder"
            onError={onError}
          />
          <Button disabled={!nextDir.trim()} onClick={() => void save({ nextDataDir: nextDir.trim() })}>
            Use from next start
          </Button>
        </Stack>
      </CardContent>
    </Card>
  )
}

function BackendField(p: { value: Settings['backend']; onChange: (v: Settings['backend']) => void }) {
  return (
    <TextField
      select
      size="small"
      label="Compute backend"
      value={p.value}
      onChange={(e) => p.onChange(e.target.value as Settings['backend'])}
      sx={{ width: 320 }}
    >
      <MenuItem value="auto">automatic (fastest that works)</MenuItem>
      <MenuItem value="tfjs-node-gpu">TF.js CUDA GPU</MenuItem>
      <MenuItem value="tfjs-node">TF.js native CPU</MenuItem>
      <MenuItem value="onnxruntime">ONNX Runtime (its CUDA provider where installed, else CPU)</MenuItem>
      <MenuItem value="wasm">WebAssembly</MenuItem>
    </TextField>
  )
}

/** Compute backend, review threshold, reviewer name, theme, the pixel limit and the unfamiliar-cell limit. */
export function PreferencesCard({
  s,
  setS,
  save,
  onError
}: {
  s: Settings
  setS: (s: Settings) => void
  save: (patch: SettingsPatch) => Promise<void>
  onError: (error: string) => void
}) {
  // The pixel limit as typed, until it is checked and saved on leaving the field.
  const [mp, setMp] = useState<string | null>(null)
  // The unfamiliar-cell limit as typed (in percent), until it is checked and saved on leaving the field.
  const [limit, setLimit] = useState<string | null>(null)
  // The lab's settings are an admin's where people sign in: greyed out with the reason for anyone else.
  const thresholdRefused = useRoleRefusal('settings:set', { reviewThreshold: s.reviewThreshold })
  const mpRefused = useRoleRefusal('settings:set', { maxMegapixels: s.maxMegapixels })
  const limitRefused = useRoleRefusal('settings:set', { unfamiliarLimit: s.unfamiliarLimit })
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={2}>
          <BackendField value={s.backend} onChange={(backend) => void save({ backend })} />
          <div>
            <Typography id="threshold-label">
              Flag for review below confidence {s.reviewThreshold.toFixed(2)}
              {s.reviewThresholdFrom === 'model' &&
                " (the active model's own, chosen on its validation images)"}
              {s.reviewThresholdFrom === 'default' && ' (default)'}
            </Typography>
            <Slider
              aria-labelledby="threshold-label"
              min={0.5}
              max={1}
              step={0.01}
              value={s.reviewThreshold}
              disabled={Boolean(thresholdRefused)}
              onChange={(_e, v) => setS({ ...s, reviewThreshold: v as number })}
              onChangeCommitted={(_e, v) => void save({ reviewThreshold: v as number })}
              sx={{ maxWidth: 400 }}
            />
            {thresholdRefused && (
              <Typography variant="caption" color="text.secondary">
                {thresholdRefused}
              </Typography>
            )}
            {s.reviewThresholdFrom === 'setting' && (
              <ReasonButton
                size="small"
                why={thresholdRefused}
                onClick={() => void save({ unset: ['reviewThreshold'] })}
              >
                Use the model&apos;s own threshold
              </ReasonButton>
            )}
          </div>
          <TextField
            size="small"
            label="Reviewer name (recorded in the audit log)"
            value={s.reviewer}
            onChange={(e) => setS({ ...s, reviewer: e.target.value })}
            onBlur={() => void save({ reviewer: s.reviewer })}
            sx={{ width: 320 }}
          />
          <TextField
            select
            size="small"
            label="Theme"
            value={s.theme}
            onChange={(e) => void save({ theme: e.target.value as Settings['theme'] })}
            sx={{ width: 200 }}
          >
            <MenuItem value="system">as the system</MenuItem>
            <MenuItem value="light">light</MenuItem>
            <MenuItem value="dark">dark</MenuItem>
          </TextField>
          <TextField
            size="small"
            type="number"
            label="Largest image (megapixels)"
            helperText={
              mpRefused ?? 'Larger images are named and skipped by scans and imports, before decoding'
            }
            disabled={Boolean(mpRefused)}
            value={mp ?? String(s.maxMegapixels)}
            onChange={(e) => setMp(e.target.value)}
            onBlur={() => {
              if (mp === null) return
              const v = megapixelsOrNull(mp)
              if (v === null)
                onError(
                  `The largest image must be a number of megapixels in (0, ${MAX_MEGAPIXELS}], not "${mp}".`
                )
              else void save({ maxMegapixels: v })
              setMp(null)
            }}
            slotProps={{
              htmlInput: {
                min: 1,
                max: MAX_MEGAPIXELS,
                step: 1,
                'aria-label': 'largest image in megapixels'
              }
            }}
            sx={{ width: 320 }}
          />
          <TextField
            size="small"
            type="number"
            label="Unfamiliar-cell limit (%)"
            helperText={
              limitRefused ??
              "A sample with a larger share of cells unlike the model's training data gets no class percentages"
            }
            disabled={Boolean(limitRefused)}
            value={limit ?? String(Math.round(s.unfamiliarLimit * 1000) / 10)}
            onChange={(e) => setLimit(e.target.value)}
            onBlur={() => {
              if (limit === null) return
              const v = limit.trim() === '' ? NaN : Number(limit)
              if (!(v >= 0 && v <= 100))
                onError(`The unfamiliar-cell limit must be a percentage from 0 to 100, not "${limit}".`)
              else void save({ unfamiliarLimit: v / 100 })
              setLimit(null)
            }}
            slotProps={{
              htmlInput: { min: 0, max: 100, step: 1, 'aria-label': 'unfamiliar-cell limit in percent' }
            }}
            sx={{ width: 320 }}
          />
        </Stack>
      </CardContent>
    </Card>
  )
}

/** The backbones' weights files: the list, adding one, and making an int8 copy. */
export function WeightsFilesCard({
  backbones,
  onError,
  onSaved
}: {
  backbones: Loaded<BackboneSummary[]>
  onError: (error: string) => void
  onSaved: (message: string) => void
}) {
  const [weights, setWeights] = useState({
    path: '',
    name: 'densenet121',
    normalize: 'torch' as 'torch' | 'tf',
    inputSize: 224
  })
  const addRefused = useRoleRefusal('backbones:add')
  const addBackbone = async () => {
    try {
      const b = await call('backbones:add', {
        path: weights.path.trim(),
        name: weights.name.trim(),
        normalize: weights.normalize,
        inputSize: weights.inputSize
      })
      onSaved(`Backbone ${b.name} added (${b.featureDim}-d features).`)
      backbones.reload()
    } catch (err) {
      onError(errorText(err))
    }
  }
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="overline">Weights files (backbones)</Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          DenseNet121: the official {DENSENET121_WEIGHTS.file} (md5 {DENSENET121_WEIGHTS.md5}), normalisation
          “torch”. Any TF.js layers model.json works too (e.g. MobileNetV2, “tf”).
        </Typography>
        <Notice error={backbones.error} />
        <Table size="small" sx={{ mb: 2 }} aria-label="backbones">
          <TableHead>
            <TableRow>
              {['Name', 'Kind', 'Precision', 'Features', 'Input', 'Normalise', 'Source'].map((h) => (
                <TableCell key={h}>{h}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {(backbones.data ?? []).map((b) => (
              <TableRow key={b.name}>
                <TableCell>{b.name}</TableCell>
                <TableCell>{b.kind}</TableCell>
                <TableCell>{b.precision}</TableCell>
                <TableCell>{b.featureDim}</TableCell>
                <TableCell>{b.preprocessing.inputSize}</TableCell>
                <TableCell>{b.preprocessing.normalize}</TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }}>{b.source}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Stack sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }} direction="row" spacing={1} useFlexGap>
          <PathField
            id="backbone-path"
            label="Weights file (.h5) or model.json"
            value={weights.path}
            onChange={(path) => setWeights({ ...weights, path })}
            kind="weights"
            onError={onError}
          />
          <TextField
            id="backbone-name"
            size="small"
            label="Name"
            value={weights.name}
            onChange={(e) => setWeights({ ...weights, name: e.target.value })}
            sx={{ width: 160 }}
          />
          <TextField
            id="backbone-normalize"
            select
            size="small"
            label="Normalise"
            value={weights.normalize}
            onChange={(e) => setWeights({ ...weights, normalize: e.target.value as 'torch' | 'tf' })}
            sx={{ width: 110 }}
          >
            <MenuItem value="torch">torch</MenuItem>
            <MenuItem value="tf">tf</MenuItem>
          </TextField>
          <TextField
            size="small"
            type="number"
            label="Input size"
            value={weights.inputSize}
            onChange={(e) => setWeights({ ...weights, inputSize: Number(e.target.value) })}
            sx={{ width: 100 }}
          />
          <ReasonButton
            variant="contained"
            why={
              addRefused ||
              ((!weights.path.trim() || !weights.name.trim()) &&
                'Choose a weights file and name the backbone first')
            }
            onClick={() => void addBackbone()}
          >
            Add
          </ReasonButton>
        </Stack>
        <Int8Copy backbones={backbones.data ?? []} onMade={backbones.reload} />
      </CardContent>
    </Card>
  )
}
