import { useState } from 'react'
import { Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField } from '@mui/material'
import type { QcRunView } from '../../../shared/types/qc'
import { shareText, verdictText, zText } from '../../../shared/format/qc'
import { when } from '../logic/format'

/** Every run of a control set, newest first, with its verdict and who acknowledged a rejection (or a form to). */
export function QcRunsTable({
  runs,
  onAck
}: {
  runs: QcRunView[]
  onAck: (runId: number, note: string) => void
}) {
  const [notes, setNotes] = useState<Record<number, string>>({})
  return (
    <Table size="small" aria-label="QC runs">
      <TableHead>
        <TableRow>
          <TableCell>Run</TableCell>
          <TableCell>When</TableCell>
          <TableCell>Accuracy</TableCell>
          <TableCell>Blasts</TableCell>
          <TableCell>Verdict</TableCell>
          <TableCell>Acknowledgement</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {[...runs].reverse().map((r) => (
          <TableRow key={r.id} data-reject={r.reject} data-open={r.reject && !r.ack}>
            <TableCell>
              #{r.id} · scan {r.scanId}
            </TableCell>
            <TableCell>{when(r.at)}</TableCell>
            <TableCell>
              {shareText(r.accuracy)} {zText(r.accuracyZ)}
            </TableCell>
            <TableCell>
              {shareText(r.blasts)} {zText(r.blastZ)}
              {r.missing ? ` · ${r.missing} not classified` : ''}
            </TableCell>
            <TableCell sx={{ color: r.reject ? 'error.main' : r.rules.length ? 'warning.main' : undefined }}>
              {verdictText(r)}
            </TableCell>
            <TableCell>
              {r.ack ? (
                `${r.ack.person}, ${when(r.ack.at)}: ${r.ack.note}`
              ) : r.reject ? (
                <Stack direction="row" spacing={1}>
                  <TextField
                    size="small"
                    label="What was found and done"
                    value={notes[r.id] ?? ''}
                    onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })}
                  />
                  <Button disabled={!notes[r.id]?.trim()} onClick={() => onAck(r.id, notes[r.id])}>
                    Acknowledge
                  </Button>
                </Stack>
              ) : (
                '—'
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}
