/**
 * The preload exposes exactly the contract as `window.leukolens`: `call`, `on`, `imageUrl`. No raw ipcRenderer,
 * no channel the page can choose; call names and event names are checked against the contract here too.
 * Built as CommonJS (a sandboxed preload cannot be an ES module).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { EVENT_NAMES, IMAGE_SCHEME, IPC_CALL, IPC_EVENT, isCallName, type EventName, type LeukolensApi, type WireError } from '../shared/contract'

type Reply = { ok: true; result: unknown } | { ok: false; error: WireError }

const api: LeukolensApi = {
  async call(name, ...arg) {
    if (!isCallName(name)) throw new Error(`unknown call ${String(name)}`)
    const reply = (await ipcRenderer.invoke(IPC_CALL, name, arg[0])) as Reply
    if (reply.ok) return reply.result as never
    const err = new Error(reply.error.message)
    err.name = reply.error.name
    throw err
  },
  on(name, listener) {
    if (!(EVENT_NAMES as readonly string[]).includes(name)) throw new Error(`unknown event ${String(name)}`)
    const handler = (_e: IpcRendererEvent, event: EventName, payload: unknown): void => {
      if (event === name) (listener as (p: unknown) => void)(payload)
    }
    ipcRenderer.on(IPC_EVENT, handler)
    return () => void ipcRenderer.removeListener(IPC_EVENT, handler)
  },
  imageUrl(path, size) {
    const q = new URLSearchParams({ p: path })
    if (size) q.set('s', String(size))
    return `${IMAGE_SCHEME}://img/?${q.toString()}`
  },
  pathForFile(file) {
    // Sandboxed pages have no File.path; Electron's webUtils gives the path of a file the user dropped.
    return webUtils.getPathForFile(file)
  }
}

contextBridge.exposeInMainWorld('leukolens', api)
