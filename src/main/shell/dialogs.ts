import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron'
import type { CallRequest, CallResponse } from '../../shared/contract'

const FILTERS: Record<CallRequest<'dialog:open'>['kind'], OpenDialogOptions['filters']> = {
  folder: undefined,
  files: [{ name: 'Images', extensions: ['bmp', 'png', 'jpg', 'jpeg', 'tif', 'tiff'] }],
  model: [
    {
      name: 'Models (Leukolens archive, notebook .keras, Keras .h5)',
      extensions: ['leukolens', 'zip', 'keras', 'h5', 'hdf5']
    }
  ],
  weights: [{ name: 'Keras weights', extensions: ['h5'] }]
}

/** Native open dialogs; the renderer never sees the file system except through the paths the user picked. */
export async function showOpenDialog(
  win: BrowserWindow,
  req: CallRequest<'dialog:open'>
): Promise<CallResponse<'dialog:open'>> {
  const r = await dialog.showOpenDialog(win, {
    title: req.title,
    properties:
      req.kind === 'folder'
        ? ['openDirectory']
        : req.kind === 'files'
          ? ['openFile', 'multiSelections']
          : ['openFile'],
    filters: FILTERS[req.kind]
  })
  return r.canceled ? [] : r.filePaths
}

/** The path the user chose (null when cancelled); it stays in main: the window gets a token for it. */
export async function showSaveDialog(
  win: BrowserWindow,
  req: CallRequest<'dialog:save'>
): Promise<string | null> {
  const r = await dialog.showSaveDialog(win, {
    title: req.title,
    defaultPath: req.defaultName,
    filters: [{ name: req.ext.toUpperCase(), extensions: [req.ext] }]
  })
  return r.canceled || !r.filePath ? null : r.filePath
}
