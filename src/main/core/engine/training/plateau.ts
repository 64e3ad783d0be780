import type { MonitorRule } from '../../../../shared/types/training'

/**
 * The published notebook's learning-rate callback as a pure state machine (no tensors, no model): it is told
 * each epoch's figures and answers whether the weights are the new best, the learning rate for the next epoch,
 * and whether to stop. The trainer keeps the best weights and restores them at the end.
 *
 * Rule: when the monitored metric does not improve for `patience` epochs, multiply the learning rate by
 * `factor`; after `stopPatience` reductions with no improvement in between, stop.
 *
 * `notebook` monitor: the notebook's callback watched training accuracy while it was below `threshold` (0.9) and
 * validation loss after; while it watched accuracy it still remembered the lowest validation loss seen on an
 * improving epoch, so the switch compares against that.
 */
export interface PlateauOptions {
  monitor: MonitorRule
  learningRate: number
  patience: number
  factor: number
  stopPatience: number
  /** Training accuracy at which the notebook monitor switches to validation loss. */
  threshold: number
}

export const PUBLISHED_PLATEAU: Omit<PlateauOptions, 'learningRate' | 'monitor'> = {
  patience: 1,
  factor: 0.5,
  stopPatience: 3,
  threshold: 0.9
}

export interface EpochFigures {
  loss: number
  accuracy: number
  valLoss: number
  valAccuracy: number
}

export interface PlateauDecision {
  monitor: 'val_loss' | 'accuracy'
  /** The weights after this epoch are the best so far: keep a copy. */
  improved: boolean
  /** Learning rate for the next epoch. */
  learningRate: number
  /** Set when this epoch reduced the learning rate. */
  reduced: boolean
  stop: boolean
}

export class PlateauState {
  private lr: number
  private lowestValLoss = Infinity
  private highestAccuracy = -Infinity
  /** Epochs without improvement since the last improvement or reduction. */
  private wait = 0
  /** Reductions since the last improvement. */
  private reductions = 0
  private epoch = 0
  /** 1-based epoch whose weights are the best; 0 before any improvement. */
  bestEpoch = 0
  stopped = false

  constructor(private readonly o: PlateauOptions) {
    if (!(o.learningRate > 0)) throw new Error(`learning rate must be > 0 (got ${o.learningRate})`)
    if (!(o.patience >= 1) || !(o.stopPatience >= 1)) throw new Error('patience and stopPatience must be ≥ 1')
    if (!(o.factor > 0 && o.factor < 1)) throw new Error(`factor must be in (0, 1) (got ${o.factor})`)
    this.lr = o.learningRate
  }

  get learningRate(): number {
    return this.lr
  }

  /** Feeds one finished epoch's figures; returns what the trainer must do. */
  update(f: EpochFigures): PlateauDecision {
    if (this.stopped) throw new Error('training already stopped')
    this.epoch += 1
    const watchAccuracy = this.o.monitor === 'notebook' && f.accuracy < this.o.threshold
    const improved = watchAccuracy ? f.accuracy > this.highestAccuracy : f.valLoss < this.lowestValLoss
    let reduced = false
    if (improved) {
      if (watchAccuracy) {
        this.highestAccuracy = f.accuracy
        if (f.valLoss < this.lowestValLoss) this.lowestValLoss = f.valLoss
      } else {
        this.lowestValLoss = f.valLoss
      }
      this.bestEpoch = this.epoch
      this.wait = 0
      this.reductions = 0
    } else {
      this.wait += 1
      if (this.wait >= this.o.patience) {
        this.lr *= this.o.factor
        this.reductions += 1
        this.wait = 0
        reduced = true
      }
      if (!watchAccuracy && f.accuracy > this.highestAccuracy) this.highestAccuracy = f.accuracy
    }
    this.stopped = this.reductions >= this.o.stopPatience
    return {
      monitor: watchAccuracy ? 'accuracy' : 'val_loss',
      improved,
      learningRate: this.lr,
      reduced,
      stop: this.stopped
    }
  }
}
