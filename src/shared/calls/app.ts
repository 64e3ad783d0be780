/**
 * The app-wide calls of the contract: app info and home, the backend check, settings, the file dialogs and job
 * cancelling. Spread into CALLS (contract.ts); kept in their own file so the contract stays readable.
 */
import { z } from 'zod'
import { call, jobId } from './call'
import { MAX_MEGAPIXELS } from '../names'
import { BackendInfo } from '../types/engine'
import { AppInfo, BackendChoice, HomeSummary, SettingName, Settings, ThemeChoice } from '../views'
import { exactObject, none, text } from '../wire'

export const APP_CALLS = {
  'app:info': call(none, AppInfo),
  'app:home': call(none, HomeSummary),
  'doctor:backend': call(none, BackendInfo),
  'settings:get': call(none, Settings),
  'settings:set': call(
    exactObject({
      nextDataDir: text().optional(),
      backend: BackendChoice.optional(),
      reviewThreshold: z.number().min(0).max(1).optional(),
      reviewer: text(200).optional(),
      theme: ThemeChoice.optional(),
      maxMegapixels: z.number().gt(0).max(MAX_MEGAPIXELS).optional(),
      unfamiliarLimit: z.number().min(0).max(1).optional(),
      /** A postgres:// URL (checked by the service, which names the problem without repeating the URL). */
      databaseUrl: text(2000).optional(),
      /** Settings to forget: each goes back to its default (the data folder: the per-user one, next start). */
      unset: z.array(SettingName).optional()
    }),
    Settings
  ),
  'dialog:open': call(
    exactObject({ kind: z.enum(['folder', 'files', 'model', 'weights']), title: text(200).optional() }),
    z.array(z.string())
  ),
  /**
   * Main shows the save dialog and keeps the chosen path; the window gets only a one-time token for it, which one
   * export call below spends (services/save-targets.ts). Null when the user cancelled.
   */
  'dialog:save': call(
    exactObject({ title: text(200).optional(), defaultName: text(255), ext: text(16) }),
    z.object({ saveToken: z.string() }).nullable()
  ),
  'job:cancel': call(exactObject({ jobId }), z.boolean())
}
