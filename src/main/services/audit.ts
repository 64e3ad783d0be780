import { verifyChain, type ChainReport } from '../core/review/chain'
import type { ServiceContext } from './context'

/** The review audit log's hash chain, walked end to end: intact, or the first entry that does not verify. */
export function verifyReviewChain(ctx: ServiceContext): Promise<ChainReport> {
  return verifyChain(ctx.store)
}
