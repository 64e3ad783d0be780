/**
 * The people of a shared database: their roles, what each role may do, and what a signature may mean. Plain
 * constants (no schema library), so the command line's start, which checks who signs in, loads nothing more; the
 * window reads the same table to grey out what the signed-in person's role cannot do.
 */
export const ROLES = ['technician', 'reviewer', 'researcher', 'admin'] as const
export type Role = (typeof ROLES)[number]
export const SIGNATURE_MEANINGS = ['reviewed', 'approved'] as const

/** What a service may be asked to do, by the role it needs. */
export type Action =
  'scan' | 'review' | 'sign' | 'import' | 'train' | 'evaluate' | 'qc' | 'users' | 'settings'

/**
 * Each role's actions, as the lab divides the work: a technician scans and reviews, a reviewer also signs off, a
 * researcher brings in data, trains, manages the models and backbones, evaluates them and defines the QC sets
 * they are checked against (a QC set is a reference for a model's output, made by whoever knows the models), and
 * an admin manages people and the lab's settings. No role holds another's by rank: an admin who trains adds a
 * researcher account for it, so the log names who did which kind of work.
 */
export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  technician: ['scan', 'review'],
  reviewer: ['scan', 'review', 'sign'],
  researcher: ['import', 'train', 'evaluate', 'qc'],
  admin: ['users', 'settings']
}

export const mayDo = (role: Role, action: Action): boolean => ROLE_ACTIONS[role].includes(action)

/** The roles that may do `action`, for the sentence that refuses it. */
export const rolesFor = (action: Action): Role[] => ROLES.filter((r) => mayDo(r, action))

/** What each action is, as the sentence that refuses it says it ("to train needs the researcher role"). */
export const ACTION_WORDS: Readonly<Record<Action, string>> = {
  scan: 'scan',
  review: 'review',
  sign: 'sign',
  import: 'import images',
  train: 'train',
  evaluate: 'evaluate models',
  qc: 'define QC sets',
  users: 'manage users',
  settings: 'change settings'
}

/** "a technician", "an admin". */
export const aRole = (role: Role): string => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`

/** A role's refusal in one sentence: who, their role, what they tried and the role it needs. */
export function refusal(person: { name: string; role: Role }, action: Action, what?: string): string {
  return `${person.name} is ${aRole(person.role)}: to ${what ?? ACTION_WORDS[action]} needs the ${rolesFor(action).join(' or ')} role; nothing was done`
}
