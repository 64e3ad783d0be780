import type { z } from 'zod'
import { text } from '../wire'

/** One call's schemas: its argument (validated before any service runs) and its response. */
export const call = <Req extends z.ZodType, Res extends z.ZodType>(req: Req, res: Res) => ({ req, res })
/** The renderer-chosen id of a long call, which its progress events and `job:cancel` name. */
export const jobId = text(64)
/** What an export call writes to: the token `dialog:save` returned, never a path (the window names no file). */
export const saveToken = text(100)
