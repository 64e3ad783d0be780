import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import {
  IPC_CALL,
  IPC_EVENT,
  ContractError,
  isCallName,
  parseArgument,
  type EventName,
  type Events,
  type WireError
} from '../../shared/contract'
import type { EngineClient } from './engine-client'
import { showOpenDialog, showSaveDialog } from './dialogs'
import { isTrustedSender } from './sender'
import { chooseSaveTarget } from './save-target'

/**
 * The only IPC handler: one channel carries every call (the name travels inside and is checked against the
 * contract). Each message must come from the main frame of our own window showing our own page, and its
 * argument is validated here before it goes to the engine process, which validates again.
 */
export function installIpcBridge(
  getWindow: () => BrowserWindow | null,
  isAppUrl: (url: string) => boolean,
  engine: EngineClient
): void {
  ipcMain.handle(
    IPC_CALL,
    async (
      event: IpcMainInvokeEvent,
      name: unknown,
      arg: unknown
    ): Promise<{ ok: true; result: unknown } | { ok: false; error: WireError }> => {
      const win = getWindow()
      const frame = event.senderFrame
      const facts = {
        fromAppWindow: Boolean(win) && event.sender === win?.webContents,
        fromMainFrame: Boolean(frame) && frame === win?.webContents.mainFrame,
        frameUrl: frame?.url
      }
      if (!win || !isTrustedSender(facts, isAppUrl)) {
        return { ok: false, error: { name: 'Forbidden', message: 'IPC from an unknown frame was refused' } }
      }
      let checked: unknown
      try {
        if (!isCallName(name)) throw new ContractError(`unknown call ${String(name).slice(0, 80)}`)
        if (name === 'dialog:open')
          return { ok: true, result: await showOpenDialog(win, parseArgument(name, arg)) }
        if (name === 'dialog:save') {
          const req = parseArgument(name, arg)
          return await chooseSaveTarget(() => showSaveDialog(win, req), engine)
        }
        checked = parseArgument(name, arg)
      } catch (err) {
        return { ok: false, error: { name: (err as Error).name, message: (err as Error).message } }
      }
      const reply = await engine.request({ kind: 'call', name, arg: checked })
      if (reply.kind !== 'reply')
        return { ok: false, error: { name: 'Error', message: 'unexpected engine reply' } }
      return reply.ok ? { ok: true, result: reply.result } : { ok: false, error: reply.error }
    }
  )
}

/** Pushes one contract event to the window. */
export function pushEvent<K extends EventName>(win: BrowserWindow | null, name: K, payload: Events[K]): void {
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, name, payload)
}
