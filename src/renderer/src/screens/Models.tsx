import { useState } from 'react'
import {
  Card,
  CardContent,
  Chip,
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
import { call, errorText, useCall } from '../api'
import { PathField } from '../components/PathField'
import { Notice } from '../components/Notice'
import { useBackbonePrecision } from '../backbone-precision'
import { RocCurve } from '../components/MetricsView'
import { ReasonButton } from '../components/ReasonButton'
import { EvaluateCard } from '../components/EvaluateCard'
import { AgreementCard } from '../components/AgreementCard'
import { CompareCard } from '../components/CompareCard'
import { BackbonesCard } from '../components/BackbonesCard'
import { CalibrationView } from '../components/CalibrationView'
import { ci, num, pct, when } from '../logic/format'
import { operatingPointText, withCi } from '../logic/operating-point'
import type { ScreenProps } from '.'
import { modelLabel } from '../../../shared/names'

const ROWS: [string, (m: ModelView) => string][] = [
  ['Backbone', (m) => m.backbone],
  ['Dataset', (m) => m.dataset ?? '—'],
  ['Classes', (m) => m.classes.join(' / ')],
  ['Test accuracy', (m) => withCi(pct(m.test?.accuracy), ci(m.test?.intervals?.accuracy))],
  ['Weighted F1', (m) => num(m.test?.weightedF1)],
  [
    'Balanced accuracy',
    (m) => withCi(pct(m.test?.balancedAccuracy), ci(m.test?.intervals?.balancedAccuracy))
  ],
  [
    'ROC AUC',
    (m) =>
      withCi(
        num(m.test?.rocAuc),
        ci(m.test?.intervals?.rocAuc, (x) => num(x))
      )
  ],
  [
    'Recall per class',
    (m) =>
      m.test?.perClass
        .map((c) =>
          withCi(
            `${c.name} ${pct(c.recall, 0)}`,
            ci(m.test?.intervals?.recall[c.name], (x) => pct(x, 0))
          )
        )
        .join(', ') ?? '—'
  ],
  [
    'Intervals rest on',
    (m) =>
      m.test?.uncertainty
        ? [m.test.uncertainty.method, ...m.test.uncertainty.caveats].join('; ')
        : 'no intervals stored (evaluate this version)'
  ],
  ['Operating point', (m) => operatingPointText(m)],
  ['Epochs', (m) => String(m.history.length)],
  ['Backend', (m) => m.backend],
  ['Source', (m) => m.source + (m.note ? ` — ${m.note}` : '')],
  ['Created', (m) => when(m.createdAt)]
]

/**
 * Every version side by side; activate, export to one file, import (also the notebook's .keras), delete; then
 * evaluate any version on any dataset, compare two versions on a scan, and the backbones.
 */
export function Models(_props: ScreenProps) {
  const models = useCall('models:list', undefined)
  const precision = useBackbonePrecision()
  const [file, setFile] = useState('')
  const [importName, setImportName] = useState('')
  const [importClasses, setImportClasses] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async (what: () => Promise<string | void>) => {
    setError(null)
    setBusy(true)
    try {
      const msg = await what()
      if (msg) setStatus(msg)
      models.reload()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  const exportModel = (m: ModelView) =>
    run(async () => {
      const target = await call('dialog:save', {
        title: 'Export model',
        defaultName: `${modelLabel(m)}.leukolens`,
        ext: 'leukolens'
      })
      if (!target) return
      return `Exported to ${await call('models:export', { id: m.id, ...target })}`
    })
  // A Keras model also registers its DenseNet121 base as a backbone; the version says which one it uses.
  const importFile = async () => {
    const classes = importClasses
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean)
    const m = await call('models:import', {
      file: file.trim(),
      name: importName.trim() || undefined,
      classes: classes.length ? classes : undefined
    })
    return `Imported as version ${m.id} (${m.name}, backbone ${m.backbone}, ${m.source})`
  }
  const list = models.data ?? []
  return (
    <Stack spacing={2}>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="overline">Import a model</Typography>
          <Stack sx={{ alignItems: 'flex-start' }} direction="row" spacing={1}>
            <PathField
              id="model-file"
              label="Model file (.leukolens export, notebook .keras or Keras .h5)"
              value={file}
              onChange={setFile}
              kind="model"
              onError={setError}
            />
            <TextField
              id="model-name"
              size="small"
              label="Name"
              value={importName}
              onChange={(e) => setImportName(e.target.value)}
            />
            <TextField
              id="model-classes"
              size="small"
              label="Keras classes, in order"
              placeholder="ALL,HEM"
              value={importClasses}
              onChange={(e) => setImportClasses(e.target.value)}
            />
            <ReasonButton
              variant="contained"
              why={!file.trim() ? 'Choose a model file first' : busy && 'Working…'}
              onClick={() => void run(importFile)}
            >
              Import
            </ReasonButton>
          </Stack>
        </CardContent>
      </Card>
      <Notice error={error ?? models.error} onClose={() => setError(null)} />
      {status && <Typography role="status">{status}</Typography>}
      {list.length === 0 && !models.loading && !models.error && (
        <Typography color="text.secondary">
          No model versions yet: train one on the Training screen, or import a model file above.
        </Typography>
      )}
      {list.length > 0 && (
        <Card variant="outlined" sx={{ overflowX: 'auto' }}>
          {/*
            Fixed layout: every version gets the same width, so one long import note cannot push the others out of
            sight; the card scrolls sideways only when the versions outnumber what fits at 220 px each.
          */}
          <Table
            size="small"
            aria-label="model versions side by side"
            sx={{
              tableLayout: 'fixed',
              minWidth: 140 + list.length * 220,
              '& td, & th': { overflowWrap: 'anywhere', verticalAlign: 'top' }
            }}
          >
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 140 }} />
                {list.map((m) => (
                  <TableCell key={m.id}>
                    <Typography sx={{ fontWeight: 700 }}>{m.name || `version ${m.id}`}</Typography>
                    {m.active && <Chip size="small" color="primary" label="active" />}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {ROWS.map(([label, value]) => (
                <TableRow key={label}>
                  <TableCell component="th">{label}</TableCell>
                  {list.map((m) => (
                    <TableCell key={m.id}>{value(m)}</TableCell>
                  ))}
                </TableRow>
              ))}
              <TableRow>
                <TableCell component="th">Backbone precision</TableCell>
                {list.map((m) => (
                  <TableCell key={m.id}>{precision.ofBackbone(m.backbone) || '—'}</TableCell>
                ))}
              </TableRow>
              <TableRow>
                <TableCell component="th">ROC curve (test)</TableCell>
                {list.map((m) => (
                  <TableCell key={m.id}>{m.test ? <RocCurve m={m.test} compact /> : '—'}</TableCell>
                ))}
              </TableRow>
              <TableRow>
                <TableCell component="th">Calibration</TableCell>
                {list.map((m) => (
                  <TableCell key={m.id}>
                    <CalibrationView trust={m.trust} compact />
                  </TableCell>
                ))}
              </TableRow>
              <TableRow>
                <TableCell />
                {list.map((m) => (
                  <TableCell key={m.id}>
                    <Stack direction="row" spacing={0.5}>
                      <ReasonButton
                        size="small"
                        why={m.active ? 'Already the active version' : busy && 'Working…'}
                        onClick={() =>
                          void run(async () =>
                            call('models:activate', { id: m.id }).then(() => `${modelLabel(m)} is active`)
                          )
                        }
                      >
                        Activate
                      </ReasonButton>
                      <ReasonButton size="small" why={busy && 'Working…'} onClick={() => void exportModel(m)}>
                        Export
                      </ReasonButton>
                      <ReasonButton
                        size="small"
                        color="error"
                        why={busy && 'Working…'}
                        onClick={() =>
                          window.confirm(
                            `Delete model ${modelLabel(m)}? Its predictions stay in the history.`
                          ) &&
                          void run(async () =>
                            call('models:delete', { id: m.id }).then(() => `Deleted ${m.id}`)
                          )
                        }
                      >
                        Delete
                      </ReasonButton>
                    </Stack>
                  </TableCell>
                ))}
              </TableRow>
            </TableBody>
          </Table>
        </Card>
      )}
      {list.length > 0 && <AgreementCard models={list} />}
      {list.length > 0 && <EvaluateCard models={list} />}
      {list.length > 0 && <CompareCard models={list} />}
      <BackbonesCard models={list} />
    </Stack>
  )
}
