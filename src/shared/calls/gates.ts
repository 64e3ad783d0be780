/**
 * Which calls of the contract need which role's action, beside the call list (contract.ts): the dispatcher checks
 * it before any service runs (services/session-calls.ts), the command line's commands that call a service
 * themselves name the call they stand for (cli/context.ts), and the window greys out what the signed-in person's
 * role cannot do. Only where people sign in (a shared database, or a workstation that defines users); a
 * workstation's own file without users refuses nothing. Calls not named here are open to every signed-in person
 * (the services check review and signing themselves: they need the person's name for the log).
 */
import type { CallName, CallRequest } from '../contract'
import { aRole, mayDo, rolesFor, type Action, type Role } from '../roles'

/** The action a call needs, and what the refusal says the person tried ("to delete a dataset needs …"). */
export interface Gate {
  action: Action
  what: string
}

/**
 * The settings that decide what the lab's results are (what a scan flags, which images are refused, when a sample
 * withholds its percentages, how many cells a sign-off needs, how often QC runs): an admin's. The rest concern this
 * workstation or its user only (theme, compute backend, data folder, the reviewer name nobody uses once people
 * sign in, and the shared database's address, which must stay changeable before signing in, so a wrong one can be
 * undone).
 */
export const LAB_SETTINGS = {
  reviewThreshold: 'review threshold',
  maxMegapixels: 'image size limit',
  unfamiliarLimit: 'unfamiliar-cell limit',
  differentialTarget: 'differential target',
  qcEveryHours: 'QC schedule'
} as const

type GateOf<K extends CallName> = Gate | ((req: CallRequest<K>) => Gate | undefined)

const gate = (action: Action, what: string): Gate => ({ action, what })

export const CALL_GATES: { readonly [K in CallName]?: GateOf<K> } = {
  'scan:start': gate('scan', 'scan'),
  'datasets:import': gate('import', 'import images'),
  'datasets:split': gate('import', 'split a dataset'),
  'datasets:delete': gate('import', 'delete a dataset'),
  'review:toDataset': gate('import', 'add reviewed cells to a dataset'),
  'backbones:add': gate('train', 'add a backbone'),
  'backbones:quantize': gate('train', 'quantize a backbone'),
  'backbones:remove': gate('train', 'remove a backbone'),
  'training:start': gate('train', 'train'),
  'models:evaluate': gate('evaluate', 'evaluate models'),
  'models:activate': gate('train', 'activate a model version'),
  'models:import': gate('train', 'import a model'),
  'models:delete': gate('train', 'delete a model version'),
  'models:rename': gate('train', 'rename a model version'),
  'models:export': gate('train', 'export a model'),
  'qc:add': gate('qc', 'define a QC set'),
  'qc:target': gate('qc', "set a QC set's targets"),
  'settings:set': (req) => {
    const named: string[] = [...Object.keys(req), ...(req.unset ?? [])]
    const lab = Object.entries(LAB_SETTINGS).filter(([key]) => named.includes(key))
    return lab.length
      ? gate('settings', `change the lab's ${lab.map(([, words]) => words).join(' and ')}`)
      : undefined
  }
}

/** The gate of one call with its argument (the window passes what it would send, or nothing for a plain button). */
export function gateOf<K extends CallName>(name: K, req?: CallRequest<K>): Gate | undefined {
  const g = CALL_GATES[name] as GateOf<K> | undefined
  if (typeof g !== 'function') return g
  return req === undefined ? undefined : g(req)
}

/**
 * Why `person` may not make `call` (with `req`, where the gate depends on it), as the window says it beside a
 * greyed-out button; undefined where the role may. The engine refuses the same calls with `refusal`'s sentence.
 */
export function gateTooltip<K extends CallName>(
  person: { name: string; role: Role },
  call: K,
  req?: CallRequest<K>
): string | undefined {
  const g = gateOf(call, req)
  if (!g || mayDo(person.role, g.action)) return undefined
  const what = `${g.what[0].toUpperCase()}${g.what.slice(1)}`
  return `${what} needs the ${rolesFor(g.action).join(' or ')} role (you are signed in as ${person.name}, ${aRole(person.role)})`
}
