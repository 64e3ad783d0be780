import { useCall } from './api'

/**
 * A backbone's precision (fp32, or int8 for a quantized copy) by backbone name or by model id, for the screens
 * that show what a model or scan ran on. Unknown names give '' (lists still loading, a deleted backbone).
 */
export function useBackbonePrecision(): {
  ofBackbone: (name: string) => string
  ofModel: (modelId: string) => string
} {
  const backbones = useCall('backbones:list', undefined)
  const models = useCall('models:list', undefined)
  const ofBackbone = (name: string): string => backbones.data?.find((b) => b.name === name)?.precision ?? ''
  const ofModel = (modelId: string): string => {
    const m = models.data?.find((v) => v.id === modelId)
    return m ? ofBackbone(m.backbone) : ''
  }
  return { ofBackbone, ofModel }
}
