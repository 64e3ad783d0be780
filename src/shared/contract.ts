/**
 * The one contract between the window and the engine: every call (request → response) and every push event,
 * each a zod schema; the TypeScript types are inferred from them, so a field exists in both or in neither.
 * Main (IPC bridge, dispatcher), the test transport (HTTP/SSE), the preload and the renderer are all typed
 * against it, and the channel names exist only here (the keys of CALLS / EVENTS). Runs anywhere: no Node, no DOM,
 * no electron.
 *
 * Long calls (import, training, scan, quick check) take a renderer-chosen `jobId`; their progress arrives as
 * `job:progress` events with that id, and the call's promise resolves with the final result. `job:cancel`
 * stops one. This keeps results in the call that asked for them while progress streams separately.
 */
import { z } from 'zod'
import { Progress } from './types/progress'
import { EpochLog } from './types/training'
import { ScanItemEvent } from './types/scan'
import { APP_CALLS } from './calls/app'
import { DATA_CALLS } from './calls/data'
import { LAB_CALLS } from './calls/lab'
import { MODEL_CALLS } from './calls/models'
import { PEOPLE_CALLS } from './calls/people'
import { REVIEW_CALLS } from './calls/review'
import { SCAN_CALLS } from './calls/scans'
import { EngineState, ScreenName } from './views'

export { IMAGE_SCHEME, IPC_CALL, IPC_EVENT, type WireError } from './ipc'
// The screens' plain data lives in views.ts (the call groups import it); every name stays importable from here.
export * from './views'

// ---------- calls ----------

/**
 * Every call: the schema of its argument (validated in main and in the test transport before any service runs;
 * strict objects, so an unknown field is refused) and of its response. The keys are the channel names; each
 * domain's calls are in calls/<domain>.ts.
 */
export const CALLS = {
  ...APP_CALLS,
  ...DATA_CALLS,
  ...MODEL_CALLS,
  ...SCAN_CALLS,
  ...REVIEW_CALLS,
  ...LAB_CALLS,
  ...PEOPLE_CALLS
}

type CallSchemas = typeof CALLS
export type CallName = keyof CallSchemas
/** What a service receives (after validation). */
export type CallRequest<K extends CallName> = z.output<CallSchemas[K]['req']>
export type CallResponse<K extends CallName> = z.output<CallSchemas[K]['res']>
/** Every call: request argument and response. */
export type Calls = { [K in CallName]: { req: CallRequest<K>; res: CallResponse<K> } }

// ---------- push events ----------

/** Every push event's payload; the keys are the event names. */
export const EVENTS = {
  'job:progress': z.object({ jobId: z.string(), progress: Progress }),
  'training:epoch': z.object({ jobId: z.string(), epoch: EpochLog }),
  'scan:item': z.object({ jobId: z.string(), item: ScanItemEvent }),
  'engine:state': z.object({ state: EngineState, message: z.string().optional() }),
  /** The app menu asks the window to go to a screen. */
  'menu:navigate': z.object({ screen: ScreenName })
}

export type EventName = keyof typeof EVENTS
export type Events = { [K in EventName]: z.infer<(typeof EVENTS)[K]> }

/** What the preload exposes as `window.leukolens`, and what the test shim implements: exactly this. */
export interface LeukolensApi {
  call<K extends CallName>(
    name: K,
    ...arg: Calls[K]['req'] extends void ? [] : [Calls[K]['req']]
  ): Promise<CallResponse<K>>
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void
  /** A URL the page may load for a local image file (the app's protocol or the test server's route). */
  imageUrl(path: string, size?: number): string
  /** The local path of a file dropped on the window ('' where the page cannot know it, e.g. in a plain browser). */
  pathForFile(file: File): string
}

export function isCallName(x: unknown): x is CallName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(CALLS, x)
}

export class ContractError extends Error {
  override name = 'ContractError'
}

/**
 * Checks an untrusted argument against a call's schema and returns the checked copy (only the named fields).
 * Throws ContractError naming the first bad field; unknown fields are refused, and so is anything that is not
 * plain data (an object whose fields would come from its prototype), so nothing unexpected reaches a service.
 */
export function parseArgument<K extends CallName>(name: K, arg: unknown): CallRequest<K> {
  const bad = notPlainData(arg)
  if (bad !== null) throw new ContractError(`${name}${bad}: must be plain data`)
  const r = CALLS[name].req.safeParse(arg)
  if (!r.success) {
    const issue = r.error.issues[0]
    throw new ContractError(`${name}${pathText(issue.path)}: ${describeIssue(issue)}`)
  }
  return r.data as CallRequest<K>
}

/** The path of the first object or list inside `v` whose prototype is not Object's or Array's, or null. */
function notPlainData(v: unknown, at: PropertyKey[] = []): string | null {
  if (typeof v !== 'object' || v === null) return null
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return pathText(at)
  for (const key of Object.keys(v)) {
    const bad = notPlainData((v as Record<string, unknown>)[key], [...at, key])
    if (bad !== null) return bad
  }
  return null
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
}

const TYPE_WORDS: Record<string, string> = {
  string: 'must be a string',
  number: 'must be a finite number',
  int: 'must be an integer',
  boolean: 'must be true or false',
  object: 'must be an object',
  array: 'must be a list',
  null: 'takes no argument',
  undefined: 'takes no argument'
}

/** One plain sentence per kind of problem (zod's own messages name its internals). */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `must be ${issue.expected}`
    case 'unrecognized_keys':
      return `unknown field "${issue.keys[0]}"`
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`
    case 'too_big':
      if (issue.origin === 'string') return `longer than ${issue.maximum} characters`
      if (issue.origin === 'array') return `more than ${issue.maximum} items`
      return `must be ≤ ${issue.maximum}`
    case 'too_small':
      if (issue.origin === 'string') return `shorter than ${issue.minimum} characters`
      if (issue.origin === 'array') return `fewer than ${issue.minimum} items`
      return `must be ≥ ${issue.minimum}`
    default:
      return issue.message
  }
}
