import type { Database } from 'better-sqlite3'
import type { BackboneSpec } from '../engine/backbones/spec'
import type { RunnerChoice } from '../engine/runners'
import { ExtractionPool } from '../engine/workers/pool'
import { getFeatures, type FeatureScope } from '../db/queries/features'
import { readImageHeader, type ImageHeader } from '../trust/image-checks'
import type { BatchCommitter } from './batch'
import type { ScanModel } from './options'
import type { ComputeJob } from './plan'
import { TtaRunner } from './tta-runner'

/**
 * The extraction stage of a scan: feature vectors for the contents that need computing, each batch handed to the
 * commit stage as soon as it is ready. Three sources, cheapest first: vectors already in the feature store, the
 * eight-view TTA runner in this thread, or the extraction worker pool.
 */

export type HeadersOf = (jobs: readonly ComputeJob[]) => Promise<(ImageHeader | undefined)[]>

/** The cheap image checks read each file's header (format, size); only when the version has a reference. */
export function imageHeaders(model: ScanModel): HeadersOf {
  return (jobs) =>
    model.trust
      ? Promise.all(jobs.map((j) => readImageHeader(j.path, Boolean(model.trust?.images.colour))))
      : Promise.resolve(jobs.map(() => undefined))
}

/**
 * Contents whose backbone features are already stored (e.g. images of an imported dataset) need only the head:
 * they are committed here, in chunks; returns the jobs still to extract.
 */
export async function commitStoredFeatures(
  db: Database,
  scope: FeatureScope,
  todo: ComputeJob[],
  committer: BatchCommitter,
  headersOf: HeadersOf
): Promise<ComputeJob[]> {
  const known = getFeatures(
    db,
    scope,
    todo.map((j) => j.sha256)
  )
  const ready = todo.filter((j) => known.has(j.sha256))
  for (let i = 0; i < ready.length; i += 256) {
    const chunk = ready.slice(i, i + 256)
    await committer.commit(
      chunk,
      chunk.map((j) => known.get(j.sha256)!),
      false,
      await headersOf(chunk)
    )
  }
  return todo.filter((j) => !known.has(j.sha256))
}

/** Eight views per image: the runner computes them in this thread (see tta-runner.ts for why). */
export async function extractWithTta(
  spec: BackboneSpec,
  choice: RunnerChoice,
  batches: readonly ComputeJob[][],
  committer: BatchCommitter,
  headersOf: HeadersOf,
  signal?: AbortSignal
): Promise<void> {
  const runner = await TtaRunner.start(spec, choice)
  committer.backend = runner.backend
  try {
    for (const batch of batches) {
      if (signal?.aborted) break
      await committer.commit(
        batch,
        await runner.features(batch.map((j) => j.path)),
        false,
        await headersOf(batch)
      )
    }
  } finally {
    runner.dispose()
  }
}

/**
 * The worker pool extracts the plain view of each batch while this thread commits the previous one. The pool is
 * closed here, whatever happens; returns the tensors its workers leaked.
 */
export async function extractWithPool(
  pool: ExtractionPool,
  batches: readonly ComputeJob[][],
  committer: BatchCommitter,
  headersOf: HeadersOf,
  signal?: AbortSignal
): Promise<number> {
  committer.backend = pool.info.name
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < batches.length && !signal?.aborted) {
      const batch = batches[next++]
      const [results, headers] = await Promise.all([
        pool.run(batch.map((j) => ({ path: j.path, plain: true, flip: false }))),
        headersOf(batch)
      ])
      await committer.commit(
        batch,
        results.map((r) => ('error' in r ? r.error : r.plain!)),
        true,
        headers
      )
    }
  }
  try {
    // One lane more than workers: a worker gets its next batch while this thread commits the previous one.
    await Promise.all(Array.from({ length: pool.size + 1 }, lane))
    return pool.tensorsLeaked()
  } finally {
    await pool.close()
  }
}
