/**
 * What the people calls need from the shared store's users and signatures. These are built on the `review` branch
 * (users, scrypt passwords, signatures in the chained log); until it is merged here, each refuses with one
 * sentence saying so, and nobody can sign in.
 */
import type { PersonView, SignatureMeaning, SignatureView } from '../../shared/calls/people'
import type { Store } from '../core/db/store'

export class NotInThisBuildError extends Error {
  override name = 'NotInThisBuildError'
}

const missing = (what: string) => new NotInThisBuildError(`${what} are not in this build yet`)

/** The person, when the name and password match a user of the store; else one sentence of refusal. */
export async function checkSignIn(_store: Store, _name: string, _password: string): Promise<PersonView> {
  throw missing('users of the shared database')
}

export interface SignRequest {
  user: string
  password: string
  meaning: SignatureMeaning
  kind: string
  id: string
  contentSha256: string
}

export async function signRecord(_store: Store, _req: SignRequest): Promise<SignatureView> {
  throw missing('electronic signatures')
}

export async function listSignatures(_store: Store, _kind: string, _id: string): Promise<SignatureView[]> {
  return []
}
