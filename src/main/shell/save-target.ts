import type { WireError } from '../../shared/contract'
import type { EngineClient } from './engine-client'

type Reply = { ok: true; result: unknown } | { ok: false; error: WireError }

/**
 * The window's `dialog:save`, answered on main: `pick` shows the native save dialog (dialogs.ts); the chosen
 * path goes to the engine process, which keeps it behind a one-time token (services/save-targets.ts), and only
 * that token goes back to the window. No `electron` import, so a test drives it with a real engine host.
 */
export async function chooseSaveTarget(
  pick: () => Promise<string | null>,
  engine: Pick<EngineClient, 'request'>
): Promise<Reply> {
  const file = await pick()
  if (file === null) return { ok: true, result: null }
  const reply = await engine.request({ kind: 'save-target', file })
  if (reply.kind !== 'reply')
    return { ok: false, error: { name: 'Error', message: 'unexpected engine reply' } }
  return reply.ok ? { ok: true, result: reply.result } : { ok: false, error: reply.error }
}
