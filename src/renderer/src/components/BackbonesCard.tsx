import { useState } from 'react'
import {
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography
} from '@mui/material'
import type { ModelView } from '../../../shared/contract'
import { call, errorText, useCall } from '../api'
import { Notice } from './Notice'
import { ReasonButton } from './ReasonButton'
import { useRoleRefusal } from '../hooks/useRoleRefusal'
import { modelLabel } from '../../../shared/names'

/** The backbones of this data folder; one no version uses can be removed with its files and stored features. */
export function BackbonesCard({ models }: { models: ModelView[] }) {
  const backbones = useCall('backbones:list', undefined)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const refused = useRoleRefusal('backbones:remove')
  const remove = async (name: string) => {
    if (!window.confirm(`Remove backbone ${name}, its files and its stored features?`)) return
    try {
      await call('backbones:remove', { name })
      setStatus(`Removed backbone ${name}.`)
      backbones.reload()
    } catch (err) {
      setError(errorText(err))
    }
  }
  const list = backbones.data ?? []
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="overline">Backbones</Typography>
        <Notice error={error ?? backbones.error} onClose={() => setError(null)} />
        {status && <Typography role="status">{status}</Typography>}
        {list.length === 0 ? (
          <Typography color="text.secondary">No backbones yet: add one in Settings.</Typography>
        ) : (
          <Table size="small" aria-label="backbone list">
            <TableHead>
              <TableRow>
                {['Name', 'Kind', 'Features', 'Used by', ''].map((h) => (
                  <TableCell key={h}>{h}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {list.map((b) => {
                const users = models.filter((m) => m.backbone === b.name)
                return (
                  <TableRow key={b.name}>
                    <TableCell>{b.name}</TableCell>
                    <TableCell>{b.kind}</TableCell>
                    <TableCell>{b.featureDim}</TableCell>
                    <TableCell>
                      {users.length ? users.map((m) => modelLabel(m)).join(', ') : 'no version'}
                    </TableCell>
                    <TableCell>
                      <ReasonButton
                        size="small"
                        color="error"
                        why={
                          refused ||
                          (users.length > 0 &&
                            `Used by ${users.length} version${users.length === 1 ? '' : 's'}: delete those first`)
                        }
                        onClick={() => void remove(b.name)}
                      >
                        Remove
                      </ReasonButton>
                    </TableCell>
                  </TableRow>
                )
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  )
}
