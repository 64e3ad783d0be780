/**
 * The published recipe's numbers, in a module without TF.js so the command line can show them in `--help`
 * without loading the engine.
 */
import type { HeadConfig, TrainHyperparameters } from '../../../../shared/types/training'
import { PUBLISHED_PLATEAU } from './plateau'

export const PUBLISHED_HEAD: HeadConfig = {
  units: 256,
  l2: 1e-4,
  dropout: 0.4,
  bnMomentum: 0.99,
  bnEpsilon: 1e-3
}

export const PUBLISHED_HYPERPARAMETERS: TrainHyperparameters = {
  epochs: 40,
  batchSize: 40,
  learningRate: 1e-4,
  seed: 42,
  classWeight: 'none',
  monitor: 'val_loss',
  flip: false,
  head: PUBLISHED_HEAD,
  patience: PUBLISHED_PLATEAU.patience,
  stopPatience: PUBLISHED_PLATEAU.stopPatience
}
