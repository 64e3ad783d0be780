import { availableParallelism } from 'node:os'

/**
 * The most extraction workers this machine can use: one per logical core. Each worker holds its own decoder
 * buffers and (on TF.js) its own model, so more workers than cores only add memory — `--workers 1000` once took
 * 8.6 GB and never finished starting.
 */
export function maxWorkers(): number {
  return Math.max(1, availableParallelism())
}

/** `requested` within 1…maxWorkers(). */
export function boundWorkers(requested: number): number {
  return Math.min(Math.max(1, Math.floor(requested) || 1), maxWorkers())
}
