import {
  Card,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography
} from '@mui/material'
import type { ModelView } from '../../../shared/contract'
import { modelLabel } from '../../../shared/names'
import { call } from '../api'
import type { useBackbonePrecision } from '../backbone-precision'
import { RocCurve } from './MetricsView'
import { ReasonButton } from './ReasonButton'
import { useRoleRefusal } from '../hooks/useRoleRefusal'
import { CalibrationView } from './CalibrationView'
import { ci, num, pct, when } from '../logic/format'
import { operatingPointText, withCi } from '../logic/operating-point'

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
 * Every version side by side, one column each, with its activate, export and delete buttons. `run` does one
 * action (its message shown, the list reloaded); `busy` says one is under way;
 * `precision` names each backbone's precision.
 */
export function ModelVersionsTable({
  list,
  busy,
  run,
  precision
}: {
  list: ModelView[]
  busy: boolean
  run: (what: () => Promise<string | void>) => Promise<void>
  precision: ReturnType<typeof useBackbonePrecision>
}) {
  const activateRefused = useRoleRefusal('models:activate')
  const exportRefused = useRoleRefusal('models:export')
  const deleteRefused = useRoleRefusal('models:delete')
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
  return (
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
                    why={activateRefused || (m.active ? 'Already the active version' : busy && 'Working…')}
                    onClick={() =>
                      void run(async () =>
                        call('models:activate', { id: m.id }).then(() => `${modelLabel(m)} is active`)
                      )
                    }
                  >
                    Activate
                  </ReasonButton>
                  <ReasonButton
                    size="small"
                    why={exportRefused || (busy && 'Working…')}
                    onClick={() => void exportModel(m)}
                  >
                    Export
                  </ReasonButton>
                  <ReasonButton
                    size="small"
                    color="error"
                    why={deleteRefused || (busy && 'Working…')}
                    onClick={() =>
                      window.confirm(`Delete model ${modelLabel(m)}? Its predictions stay in the history.`) &&
                      void run(async () => call('models:delete', { id: m.id }).then(() => `Deleted ${m.id}`))
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
  )
}
