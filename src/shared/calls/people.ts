/**
 * The shared-store calls of the contract: who is signed in, electronic signatures, and scans queued for the lab's
 * workers. With the workstation's own SQLite file nobody signs in (the reviewer name of the settings signs, as
 * before); with a shared PostgreSQL database every call needs a signed-in person and the role it allows.
 */
import { z } from 'zod'
import { call } from './call'
import { ROLES, SIGNATURE_MEANINGS } from '../roles'

export { ROLES, SIGNATURE_MEANINGS }
import { exactObject, int, none, text } from '../wire'

export const Role = z.enum(ROLES)
export const SignatureMeaning = z.enum(SIGNATURE_MEANINGS)

export const PersonView = z.object({ name: z.string(), role: Role })
export type Role = z.infer<typeof Role>
export type SignatureMeaning = z.infer<typeof SignatureMeaning>
export type PersonView = z.infer<typeof PersonView>

/** Where this app keeps its records, and who works in it. */
export const StoreView = z.object({
  engine: z.enum(['sqlite', 'postgres']),
  /** The file, or the server's URL with its password masked. */
  place: z.string(),
  /** True with a shared database: nothing but `session:*` answers until someone signs in. */
  signInRequired: z.boolean(),
  person: PersonView.nullable()
})
export type StoreView = z.infer<typeof StoreView>

/** A signature as the record keeps it: bound to what was signed by its content's checksum, and chained in the log. */
export const SignatureView = z.object({
  id: z.number(),
  person: z.string(),
  role: Role,
  meaning: SignatureMeaning,
  kind: z.string(),
  recordId: z.string(),
  contentSha256: z.string(),
  at: z.string(),
  /** Whether the record still has the content signed (a later review changes it); absent where not told. */
  current: z.boolean().optional()
})
export type SignatureView = z.infer<typeof SignatureView>

/** A scan spread over the lab's workers, how far it has come, and the machines that took its batches. */
export const QueuedScanView = z.object({
  scanId: z.number(),
  folder: z.string(),
  modelId: z.string(),
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** `waiting`: not taken yet, or failed and waiting for another try (`failed` counts those). */
  batches: z.object({
    total: z.number(),
    done: z.number(),
    running: z.number(),
    failed: z.number(),
    waiting: z.number()
  }),
  images: z.object({ total: z.number(), done: z.number() }),
  /** Each worker process that took a batch: its machine, how many it finished and holds now, since when. */
  machines: z.array(
    z.object({
      machine: z.string(),
      pid: z.number().nullable(),
      done: z.number(),
      running: z.number(),
      since: z.string()
    })
  ),
  /** The first failed batch's reason (it waits to be taken again), or null. */
  error: z.string().nullable()
})
export type QueuedScanView = z.infer<typeof QueuedScanView>

export const PEOPLE_CALLS = {
  'session:who': call(none, StoreView),
  /** Checks the password; a wrong one is refused with one sentence and counts nothing else. */
  'session:signIn': call(exactObject({ name: text(200), password: text(1000) }), StoreView),
  'session:signOut': call(none, StoreView),
  /**
   * An electronic signature: the signer's password again and the meaning chosen. `kind`/`recordId` name what is
   * signed (a sample of a scan: kind 'sample', recordId '<scanId>:<sample>').
   */
  'signature:sign': call(
    exactObject({ kind: text(50), recordId: text(200), meaning: SignatureMeaning, password: text(1000) }),
    SignatureView
  ),
  'signature:list': call(exactObject({ kind: text(50), recordId: text(200) }), z.array(SignatureView)),
  /** Scans queued for workers, newest first (finished ones too), with batches done and the machines on them. */
  'queue:scans': call(exactObject({ limit: int(1, 500).optional() }).optional(), z.array(QueuedScanView))
}
