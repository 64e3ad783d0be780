import { useMemo } from 'react'
import { modelLabel } from '../../../shared/names'
import { useCall } from '../api'

/** The registry's model versions, with each version's display name by id. */
export function useModels() {
  const models = useCall('models:list', undefined)
  const modelName = useMemo(
    () => new Map((models.data ?? []).map((m) => [m.id, modelLabel(m)])),
    [models.data]
  )
  return { models, modelName }
}
