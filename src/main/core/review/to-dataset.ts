import type { Database } from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { parse, relative } from 'node:path'
import { getDatasetByName, insertDataset } from '../db/queries/datasets'
import {
  getImageBySha,
  getMember,
  insertMember,
  relabelMember,
  upsertDatasetFile,
  upsertImage
} from '../db/queries/images'
import { probeImageBuffer } from '../images/decode'
import type { Queries } from '../db/store'
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
  db: Database,
  reviews: Queries,
  opts: { dataset: string; scanId?: number; create?: boolean }
): Promise<AddToDatasetResult> {
  const reviewed = await reviewedLabels(reviews, { scanId: opts.scanId })
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
    if (getImageBySha(db, r.sha256)) {
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
  db.transaction(() => {
    let d = getDatasetByName(db, opts.dataset)
    if (!d) {
      if (!opts.create)
        throw new NoSuchDatasetError(
          `no dataset "${opts.dataset}" (add --create to make one for reviewed images)`
        )
      const root = parse(ready.find((x) => x.path)?.path ?? '/').root || '/'
      insertDataset(db, { name: opts.dataset, root, layout: 'flat', classMapping: {} })
      d = getDatasetByName(db, opts.dataset)!
      result.created = true
    }
    for (const x of ready) {
      const imageId = x.probe
        ? upsertImage(db, { sha256: x.sha256, path: x.path, ...x.probe })
        : getImageBySha(db, x.sha256)!.id
      const member = getMember(db, d.id, imageId)
      if (!member) {
        const rel = relative(d.root, x.path || getImageBySha(db, x.sha256)!.path)
        insertMember(db, d.id, { imageId, path: rel, label: x.label, sourceLabel: 'review', subject: null })
        upsertDatasetFile(db, d.id, rel, imageId)
        result.added++
      } else if (member.label !== x.label) {
        relabelMember(db, d.id, imageId, x.label, 'review')
        result.relabelled++
      } else result.unchanged++
    }
  })()
  return result
}
