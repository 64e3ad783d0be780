import { Menu, app, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import type { ScreenName } from '../../shared/contract'

const SCREENS: [ScreenName, string][] = [
  ['home', 'Home'],
  ['quick', 'Quick check'],
  ['datasets', 'Datasets'],
  ['training', 'Training'],
  ['models', 'Models'],
  ['scan', 'Scan and review'],
  ['history', 'History'],
  ['audit', 'Audit log'],
  ['qc', 'Quality control'],
  ['validation', 'Validation'],
  ['settings', 'Settings']
]

/** The application menu: the first nine screens on Ctrl/Cmd+1…9, the usual edit and window roles, no reload in production. */
export function installMenu(
  navigate: (screen: ScreenName) => void,
  getWindow: () => BrowserWindow | null
): void {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Quick check…', accelerator: 'CmdOrCtrl+O', click: () => navigate('quick') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    {
      label: 'Go',
      submenu: SCREENS.map(([screen, label], i) => ({
        label,
        // Ctrl/Cmd+1…9 only: there is no tenth digit key
        accelerator: i < 9 ? `CmdOrCtrl+${i + 1}` : undefined,
        click: () => navigate(screen)
      }))
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }])
      ]
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: `About Leukolens ${app.getVersion()}`, click: () => getWindow() && app.showAboutPanel() }
      ]
    }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
