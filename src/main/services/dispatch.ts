import type { CallName, CallRequest, CallResponse, WireError } from '../../shared/contract'
import type { ServiceContext } from './context'
import { afterFailure, damageScope } from '../core/db/damage'
import { explainStoreFailure } from '../core/db/postgres/errors'

// The schemas (and zod) load with the first call, not with the process: `leukolens --version` needs neither.
const contract = () => import('../../shared/contract')

/** One function per call of the contract; the compiler checks that none is missing. */
export type Handlers = {
  [K in CallName]: (arg: CallRequest<K>, ctx: ServiceContext) => Promise<CallResponse<K>>
}

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: WireError }

/**
 * The single entry every transport uses (Electron IPC via the engine process, the test server's HTTP, the
 * command line): checks the call name and its argument against the contract's schema before any service sees it
 * (the service gets the checked copy), and turns any failure into a plain `{ name, message }` the UI can show.
 */
export function createDispatcher(handlers: Handlers, ctx: ServiceContext) {
  return async (name: unknown, arg: unknown): Promise<DispatchResult> => {
    try {
      const { ContractError, isCallName, parseArgument } = await contract()
      if (!isCallName(name))
        throw new ContractError(`unknown call ${JSON.stringify(String(name)).slice(0, 80)}`)
      const checked = parseArgument(name, arg)
      const handler = handlers[name] as (a: unknown, c: ServiceContext) => Promise<unknown>
      return { ok: true, result: await handler(checked, ctx) }
    } catch (err) {
      return { ok: false, error: toWireError(seenFailure(ctx, err)) }
    }
  }
}

/**
 * A damaged database stops all writes here, whichever call met the damage (core/db/damage.ts); a shared database
 * that cannot be reached is said in one sentence naming it (core/db/postgres/errors.ts). The bookkeeping must
 * never hide the failure it looks at: should it fail itself, the original error goes out.
 */
function seenFailure(ctx: ServiceContext, err: unknown): unknown {
  try {
    return afterFailure(ctx.db, damageScope(ctx.dirs), explainStoreFailure(ctx.store, err))
  } catch {
    return err
  }
}

export function toWireError(err: unknown): WireError {
  if (err instanceof Error) return { name: err.name || 'Error', message: err.message }
  return { name: 'Error', message: String(err) }
}
