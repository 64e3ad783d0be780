/**
 * The two Electron IPC channels everything travels on (calls and events carry their name inside), the image
 * scheme, and the error shape that crosses them. Kept apart from the contract's schemas so that the sandboxed
 * preload, which can load nothing but electron, needs no schema library.
 */
export const IPC_CALL = 'leukolens:call'
export const IPC_EVENT = 'leukolens:event'
export const IMAGE_SCHEME = 'leukolens-img'

/** An error as it crosses the boundary: the message is meant for the user. */
export interface WireError {
  name: string
  message: string
}
