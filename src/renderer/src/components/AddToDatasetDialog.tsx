import { useState } from 'react'
import {
  Autocomplete,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
  Typography
} from '@mui/material'
import type { AddReviewedResult } from '../../../shared/types/researcher'
import { call, errorText, useCall } from '../api'
import { Notice } from './Notice'

/**
 * Reviewed cells of a scan into a dataset (an existing one, or a new one by typing its name), with the labels
 * people gave them; new images are placed in the dataset's split, so "Retrain" can follow at once.
 */
export function AddToDatasetDialog({
  open,
  scanId,
  reviewed,
  onClose,
  onRetrain
}: {
  open: boolean
  scanId: number
  reviewed: number
  onClose: () => void
  onRetrain: (dataset: string) => void
}) {
  const datasets = useCall('datasets:list', open ? undefined : null)
  const [name, setName] = useState('')
  const [result, setResult] = useState<AddReviewedResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const names = (datasets.data ?? []).map((d) => d.name)
  const exists = names.includes(name.trim())
  const add = async () => {
    setBusy(true)
    setError(null)
    try {
      setResult(await call('review:toDataset', { dataset: name.trim(), scanId, create: !exists }))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="to-dataset-title" fullWidth maxWidth="sm">
      <DialogTitle id="to-dataset-title">Add reviewed cells to a dataset</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1 }}>
          The {reviewed} reviewed cells of this scan go in with the label a person gave them. New images are
          placed in the dataset's train/validation/test split; images already there keep their split and take
          the reviewed label.
        </DialogContentText>
        <Autocomplete
          id="to-dataset-name"
          freeSolo
          options={names}
          inputValue={name}
          onInputChange={(_e, v) => setName(v)}
          renderInput={(params) => <TextField {...params} label="Dataset (pick one, or type a new name)" />}
        />
        <Notice error={error} onClose={() => setError(null)} />
        {result && (
          <Typography role="status" sx={{ mt: 1 }} data-testid="to-dataset-result">
            {result.created ? 'Created' : 'Updated'} {result.dataset}: {result.added} added,{' '}
            {result.relabelled} relabelled, {result.unchanged} already so
            {result.skipped.length ? `, ${result.skipped.length} skipped (${result.skipped[0].reason})` : ''}.
            {result.split
              ? ` Split now: ${result.split.splits.map((s) => `${s.images} ${s.split}`).join(' / ')}.`
              : ''}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        {result ? (
          <Button variant="contained" onClick={() => onRetrain(result.dataset)}>
            Retrain on {result.dataset}
          </Button>
        ) : (
          <Button
            variant="contained"
            disabled={!name.trim() || busy || reviewed === 0}
            onClick={() => void add()}
          >
            {exists || !name.trim() ? 'Add' : `Create ${name.trim()} and add`}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  )
}
