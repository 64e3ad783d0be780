/**
 * Electronic signatures: the signed-in person enters the password again and chooses the meaning; the entry names
 * the person, the meaning and the checksum of what was signed, and goes into the hash-chained log
 * (people.ts and core/people/signatures.ts check the password and write it).
 */
import { createHash } from 'node:crypto'
import type { CallRequest, CallResponse } from '../../shared/contract'
import type { SampleCount } from '../../shared/types/scan'
import { signOffGate, signOffRefusal } from '../core/samples/sign-off-gate'
import { queryHistory } from '../core/scan/history'
import type { ServiceContext } from './context'
import { signAs, signaturesAs, signer } from './people'
import { scanResultOf } from './results'

export class SignatureRefusedError extends Error {
  override name = 'SignatureRefusedError'
}

/**
 * Signs what `kind`/`recordId` name, bound to its content's checksum as it stands now. Only a sample of a scan
 * can be signed so far; one whose result is withheld or whose flagged cells are not all reviewed is refused with
 * the same reasons the report prints. Who may sign is checked first (people.ts), so a technician learns that
 * before anything else.
 */
export async function signRecordNow(
  ctx: ServiceContext,
  req: CallRequest<'signature:sign'>
): Promise<CallResponse<'signature:sign'>> {
  await signer(ctx)
  const contentSha256 = sha256(await signedContent(ctx, req.kind, req.recordId))
  return signAs(ctx, { ...req, contentSha256 })
}

/** A record's signatures, each saying whether the record still has the content it signed. */
export async function signaturesOf(
  ctx: ServiceContext,
  req: CallRequest<'signature:list'>
): Promise<CallResponse<'signature:list'>> {
  const list = await signaturesAs(ctx, req.kind, req.recordId)
  if (!list.length) return list
  const now = sha256((await sampleContent(ctx, req.kind, req.recordId)).content)
  return list.map((s) => ({ ...s, current: s.contentSha256 === now }))
}

/**
 * What a signature of a sample is bound to: the scan, its model, the sample's counts as they stand, and each
 * image's class now (sorted by checksum). Any later review changes it, so a signature shows whether the record
 * it signed is still the one in the store.
 */
export async function signedContent(ctx: ServiceContext, kind: string, recordId: string): Promise<string> {
  const { content, refusal } = await sampleContent(ctx, kind, recordId)
  if (refusal) throw new SignatureRefusedError(refusal)
  return content
}

/** The content of a sample as `signedContent` binds it, and why it cannot be signed now, if it cannot. */
async function sampleContent(
  ctx: ServiceContext,
  kind: string,
  recordId: string
): Promise<{ content: string; refusal?: string }> {
  if (kind !== 'sample') throw new SignatureRefusedError(`"${kind}" cannot be signed: only a sample can`)
  const m = /^(\d+):(.+)$/.exec(recordId)
  if (!m) throw new SignatureRefusedError(`"${recordId}" names no sample: expected <scan id>:<sample>`)
  const scanId = Number(m[1])
  const view = await scanResultOf(ctx, scanId)
  const sample = sampleNamed(view.samples ?? [view.result], m[2])
  if (!sample) throw new SignatureRefusedError(`scan ${scanId} has no sample "${m[2]}"`)
  const cells = (await queryHistory(ctx.store, { scanId }))
    .map((r) => [r.sha256, r.review?.label ?? r.prediction.predicted] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return {
    content: JSON.stringify({ kind, scanId, sample, cells }),
    refusal: signOffRefusal(signOffGate([sample]))
  }
}

function sampleNamed(samples: readonly SampleCount[], name: string): SampleCount | undefined {
  return samples.find((s) => s.sample === name)
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
