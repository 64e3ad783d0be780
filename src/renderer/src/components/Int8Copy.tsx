import { useState } from 'react'
import { Stack, Typography } from '@mui/material'
import type { BackboneSummary } from '../../../shared/types/engine'
import { call, useCall, useJob } from '../api'
import { Notice } from './Notice'
import { NameSelect } from './NameSelect'
import { ReasonButton } from './ReasonButton'
import { useRoleRefusal } from '../hooks/useRoleRefusal'

/**
 * Settings' "make a faster int8 copy": quantizes an fp32 backbone on a dataset's own images into a new int8
 * backbone (its own features; train a head on it like on any backbone) and says what it measured.
 */
export function Int8Copy({ backbones, onMade }: { backbones: BackboneSummary[]; onMade: () => void }) {
  const datasets = useCall('datasets:list', undefined)
  const fp32 = backbones.filter((b) => b.precision === 'fp32')
  const [backbone, setBackbone] = useState('')
  const [dataset, setDataset] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const job = useJob('quantize')
  const refused = useRoleRefusal('backbones:quantize')
  const source = backbone || fp32[0]?.name || ''
  const from = dataset || datasets.data?.[0]?.name || ''
  const make = async () => {
    setDone(null)
    const r = await job.run((jobId) => call('backbones:quantize', { jobId, backbone: source, dataset: from }))
    if (!r) return
    setDone(
      `${r.backbone.name}: ${r.int8ImagesPerSecond.toFixed(1)} images/s against ${r.fp32ImagesPerSecond.toFixed(1)} fp32 here (×${(r.int8ImagesPerSecond / r.fp32ImagesPerSecond).toFixed(2)}); features agree with fp32 at cosine ${r.meanCosine.toFixed(4)} (worst ${r.worstCosine.toFixed(4)}). Train a model on it to use it.`
    )
    onMade()
  }
  if (!fp32.length) return null
  return (
    <Stack spacing={1} sx={{ mt: 2 }}>
      <Typography variant="overline">Make a faster int8 copy</Typography>
      <Typography variant="body2" color="text.secondary">
        Quantizes a backbone to 8-bit integers, calibrated on 256 images of a dataset’s training split. It
        becomes a new backbone with its own features; its speed and agreement with the original are measured
        here.
      </Typography>
      <Notice error={job.error ?? datasets.error} onClose={() => job.setError(null)} />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <NameSelect
          label="Backbone"
          names={fp32.map((b) => b.name)}
          value={source}
          onChange={setBackbone}
          sx={{ width: 200 }}
        />
        <NameSelect
          label="Calibrate on"
          names={(datasets.data ?? []).map((d) => d.name)}
          value={from}
          onChange={setDataset}
          sx={{ width: 200 }}
        />
        <ReasonButton
          variant="outlined"
          why={
            refused ||
            (job.running
              ? 'Quantizing: already running'
              : (!source || !from) && 'Choose a backbone and a dataset first')
          }
          onClick={() => void make()}
        >
          {job.running ? 'Quantizing…' : 'Make a faster int8 copy'}
        </ReasonButton>
      </Stack>
      {job.running && job.progress && <Typography role="status">{job.progress.phase}</Typography>}
      {done && <Typography role="status">{done}</Typography>}
    </Stack>
  )
}
