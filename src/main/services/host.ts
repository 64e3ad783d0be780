import type { CallResponse, EventName, Events, WireError } from '../../shared/contract'
import { toWireError } from './dispatch'
import type { ServiceSession } from './session'

/**
 * The message protocol between the Electron main process and the engine process that hosts the services.
 * Plain data only (structured-clone safe). Main validates the sender and forwards; the engine validates the
 * argument again (dispatch) — a message that reaches the engine by any route is checked the same way.
 */
export type HostRequest =
  | { id: number; kind: 'call'; name: string; arg: unknown }
  | { id: number; kind: 'image'; path: string; size?: number }
  /** From main only (never forwarded from the window): the path the user chose in main's save dialog. */
  | { id: number; kind: 'save-target'; file: string }

/** A request before the client numbers it. */
export type HostRequestBody = HostRequest extends infer R
  ? R extends HostRequest
    ? Omit<R, 'id'>
    : never
  : never

export type HostMessage =
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: WireError }
  | { kind: 'image'; id: number; ok: true; mime: string; bytes: Uint8Array }
  | { kind: 'image'; id: number; ok: false; status: number; error: WireError }
  | { kind: 'event'; name: EventName; payload: Events[EventName] }
  | { kind: 'ready' }

export function createHost(session: ServiceSession, send: (m: HostMessage) => void) {
  return async (req: HostRequest): Promise<void> => {
    if (req.kind === 'call') {
      const r = await session.dispatch(req.name, req.arg)
      send({ kind: 'reply', id: req.id, ...r } as HostMessage)
    } else if (req.kind === 'save-target') {
      try {
        const result: CallResponse<'dialog:save'> = { saveToken: session.ctx.saveTargets.issue(req.file) }
        send({ kind: 'reply', id: req.id, ok: true, result })
      } catch (err) {
        send({ kind: 'reply', id: req.id, ok: false, error: toWireError(err) })
      }
    } else if (req.kind === 'image') {
      try {
        const real = await (await session.guard()).check(req.path)
        const { readImageForDisplay } = await import('./image-display')
        const { mime, bytes } = await readImageForDisplay(real, req.size)
        send({ kind: 'image', id: req.id, ok: true, mime, bytes: new Uint8Array(bytes) })
      } catch (err) {
        const status = (err as Error).name === 'PathNotAllowedError' ? 403 : 500
        send({ kind: 'image', id: req.id, ok: false, status, error: toWireError(err) })
      }
    }
  }
}
