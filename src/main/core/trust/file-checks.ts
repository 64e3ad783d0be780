import type { Queries } from '../db/store'
import { imagesBySha } from '../db/queries/images'
import type { ImageProfile } from '../../../shared/types/trust'
import { imageReasons, readImageHeader } from './image-checks'

/**
 * The scan's cheap image checks (format, size, colour) on the set's files, so that `evaluate` counts as
 * unfamiliar what a scan of the same files would. Files that moved since import pass (their features decide).
 */
export async function imageChecksOf(q: Queries, shas: string[], profile: ImageProfile): Promise<boolean[]> {
  const out: boolean[] = []
  const colour = Boolean(profile.colour)
  const paths = await imagesBySha(q, shas)
  // A few files at once: sharp decodes on libuv's pool while this thread computes the statistics.
  for (let i = 0; i < shas.length; i += 8) {
    const chunk = shas.slice(i, i + 8)
    const headers = await Promise.all(
      chunk.map(async (sha) => {
        const path = paths.get(sha)?.path
        return path ? readImageHeader(path, colour) : undefined
      })
    )
    for (const h of headers) out.push(imageReasons(h, profile).length > 0)
  }
  return out
}
