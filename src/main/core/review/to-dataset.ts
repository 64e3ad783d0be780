import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { parse, relative } from 'node:path'
import { DATASETS_LOCK, getDatasetByName, insertDataset } from '../db/queries/datasets'
import {
  datasetMembers,
  imagesBySha,
  insertMembers,
  relabelMember,
  upsertDatasetFiles,
  upsertImages
} from '../db/queries/images'
import { probeImageBuffer } from '../images/decode'
import { lockFor, write, type Store } from '../db/store'
import { reviewedLabels } from './log'
import { isQcAckEntry } from '../qc/audit'
import { isSignOffEntry } from '../samples/audit-entry'
import { UNIDENTIFIED } from '../../../shared/differential'

/**
 * Puts reviewed images into a dataset with the label a person gave them, so the next training learns from the
 * corrections. A new image joins without a split (run `leukolens split` to place it); an image already in the
 * dataset gets the reviewed label on its membership and its split row — the review is the newer, human
 * judgement. The file is read again to check it still is the reviewed content; one that moved or changed is
 * skipped and named.
 */

export class NoSuchDatasetError extends Error {
  override name = 'NoSuchDatasetError'
}

export interface AddToDatasetResult {
  dataset: string
  created: boolean
  added: number
  relabelled: number
  unchanged: number
  skipped: { sha256: string; path: string | null; reason: string }[]
}

export async function addReviewedToDataset(
  store: Store,
  opts: { dataset: string; scanId?: number; create?: boolean }
): Promise<AddToDatasetResult> {
  const reviewed = await reviewedLabels(store.k, { scanId: opts.scanId })
  const stored = await imagesBySha(
    store.k,
    reviewed.map((r) => r.sha256)
  )
  const result: AddToDatasetResult = {
    dataset: opts.dataset,
    created: false,
    added: 0,
    relabelled: 0,
    unchanged: 0,
    skipped: []
  }
  // Read and check every file before writing anything: then all rows go in one transaction.
  const ready: {
    sha256: string
    label: string
    path: string
    probe?: { size: number; width: number; height: number; format: string }
  }[] = []
  for (const r of reviewed) {
    // A sign-off or a QC acknowledgement in the log is no image; a cell nobody could name has no class to learn.
    if (isSignOffEntry(r) || isQcAckEntry(r)) continue
    if (r.label === UNIDENTIFIED) {
      result.skipped.push({ sha256: r.sha256, path: r.path, reason: 'classed unidentified: it has no class' })
      continue
    }
    if (stored.has(r.sha256)) {
      ready.push({ sha256: r.sha256, label: r.label, path: r.path ?? '' })
      continue
    }
    if (!r.path) {
      result.skipped.push({
        sha256: r.sha256,
        path: null,
        reason: 'no file of this content was ever scanned'
      })
      continue
    }
    try {
      const buf = await readFile(r.path)
      if (createHash('sha256').update(buf).digest('hex') !== r.sha256) {
        result.skipped.push({
          sha256: r.sha256,
          path: r.path,
          reason: 'the file changed since it was reviewed'
        })
        continue
      }
      const p = await probeImageBuffer(buf, r.path)
      ready.push({
        ...r,
        path: r.path,
        probe: { size: buf.byteLength, width: p.width, height: p.height, format: p.format }
      })
    } catch (err) {
      result.skipped.push({ sha256: r.sha256, path: r.path, reason: (err as Error).message })
    }
  }
  await write(store, async (trx) => {
    await lockFor(store, trx, DATASETS_LOCK)
    let d = await getDatasetByName(trx, opts.dataset)
    if (!d) {
      if (!opts.create)
        throw new NoSuchDatasetError(
          `no dataset "${opts.dataset}" (add --create to make one for reviewed images)`
        )
      const root = parse(ready.find((x) => x.path)?.path ?? '/').root || '/'
      await insertDataset(trx, { name: opts.dataset, root, layout: 'flat', classMapping: {} })
      d = (await getDatasetByName(trx, opts.dataset))!
      result.created = true
    }
    const probed = ready.flatMap((x) => (x.probe ? [{ sha256: x.sha256, path: x.path, ...x.probe }] : []))
    await upsertImages(trx, probed)
    // Every content's row, the ones just stored included (read again: another workstation may have stored one).
    const images = await imagesBySha(
      trx,
      ready.map((x) => x.sha256)
    )
    const members = await datasetMembers(trx, d.id)
    const joined: { imageId: number; path: string; label: string }[] = []
    for (const x of ready) {
      const image = images.get(x.sha256)!
      const member = members.get(image.id)
      if (!member) {
        const m = { imageId: image.id, path: relative(d.root, x.path || image.path), label: x.label }
        members.set(image.id, { ...m, sourceLabel: 'review', subject: null })
        joined.push(m)
        result.added++
      } else if (member.label !== x.label) {
        await relabelMember(trx, d.id, image.id, x.label, 'review')
        member.label = x.label
        result.relabelled++
      } else result.unchanged++
    }
    await insertMembers(
      trx,
      d.id,
      joined.map((m) => ({ ...m, sourceLabel: 'review', subject: null }))
    )
    await upsertDatasetFiles(trx, d.id, joined)
  })
  return result
}
