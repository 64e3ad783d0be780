import { useState } from 'react'
import type { ModelView, TrainOptions, TrainResult } from '../../../shared/contract'
import type { EpochLog } from '../../../shared/types/training'
import { call, useEvent, useJob } from '../api'

/** A training run: its job, the epochs logged so far, and the version it made with the images it left out. */
export function useTrainingJob() {
  const job = useJob('train')
  const [epochs, setEpochs] = useState<EpochLog[]>([])
  const [model, setModel] = useState<ModelView | null>(null)
  const [leftOut, setLeftOut] = useState<TrainResult['leftOut'] | null>(null)

  useEvent('training:epoch', (p) => p.jobId === job.jobId && setEpochs((e) => [...e, p.epoch]))

  const start = async (options: TrainOptions) => {
    setEpochs([])
    setModel(null)
    setLeftOut(null)
    const r = await job.run((jobId) => call('training:start', { jobId, options }))
    if (!r) return
    setModel(r.model)
    setLeftOut(r.leftOut)
  }
  return { job, epochs, model, leftOut, start }
}
