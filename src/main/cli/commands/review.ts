import type { Command } from 'commander'
import { existsSync, statSync } from 'node:fs'
import { userInfo } from 'node:os'
import { resolve } from 'node:path'
import type { Database } from '../../core/db/database'
import { verifyChain } from '../../core/review/chain'
import { appendReview, ReviewError, reviewHistory, reviewLog } from '../../core/review/log'
import { addReviewedToDataset, NoSuchDatasetError } from '../../core/review/to-dataset'
import { sha256File } from '../../core/scan/files'
import { UsageError } from '../index'
import type { RegisterCommand } from './index'
import { intFlag } from '../flags'

/**
 * An image named on the command line: a sha256, or a path — the file's current content when it exists, else the
 * newest scanned file recorded under that path (the file may have been moved since).
 */
export async function resolveImage(db: Database, target: string): Promise<string> {
  if (/^[0-9a-f]{64}$/i.test(target)) return target.toLowerCase()
  const path = resolve(target)
  if (existsSync(path) && statSync(path).isFile()) return sha256File(path)
  const sha = db.prepare('SELECT sha256 FROM scan_items WHERE path = ? AND sha256 IS NOT NULL ORDER BY id DESC LIMIT 1').pluck().get(path) as
    | string
    | undefined
  if (!sha) throw new UsageError(`${path}: no such file, and no scan recorded a file there`)
  return sha
}

const defaultReviewer = (): string => process.env.LEUKOLENS_REVIEWER ?? userInfo().username

export const registerReview: RegisterCommand = (program, context) => {
  const review = program
    .command('review')
    .description('Confirm or correct a prediction (append-only audit log)')
    .argument('[image]', 'sha256 of the image, or its file path')
    .option('--label <class>', 'the label the reviewer gives the image')
    .option('--note <text>', 'why (optional)')
    .option('--reviewer <name>', 'who reviews (default: $LEUKOLENS_REVIEWER or the login name)')
    .addHelpText(
      'after',
      `
Every review is a new entry in the audit log (who, when, old label → new label, note); nothing edits or deletes
an entry, and the current label of an image is its newest review. Subcommands:
  leukolens review log [IMAGE]                         the audit log (of one image)
  leukolens review verify                              check the log's hash chain (exit 1 when broken)
  leukolens review add-to-dataset --dataset NAME [--scan ID] [--create]
                                                      reviewed images into a dataset with their reviewed labels`
    )
    .action(async (image: string | undefined, flags: { label?: string; note?: string; reviewer?: string }, cmd: Command) => {
      if (!image) throw new UsageError('name the image to review (sha256 or path), or use `review log` / `review add-to-dataset`')
      if (!flags.label) throw new UsageError('--label is required')
      const ctx = context(cmd)
      const sha256 = await resolveImage(ctx.db, image)
      try {
        const e = appendReview(ctx.db, { sha256, label: flags.label, note: flags.note, reviewer: flags.reviewer ?? defaultReviewer() })
        ctx.print(e, () => `Reviewed ${sha256.slice(0, 12)}: ${e.oldLabel ?? '(no prediction)'} → ${e.newLabel} by ${e.reviewer}${e.note ? ` (${e.note})` : ''}`)
      } catch (err) {
        if (err instanceof ReviewError) throw new UsageError(err.message)
        throw err
      }
    })

  review
    .command('log')
    .description('Show the review audit log, oldest first')
    .argument('[image]', 'only this image (sha256 or path)')
    .action(async (image: string | undefined, _flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const entries = image ? reviewHistory(ctx.db, await resolveImage(ctx.db, image)) : reviewLog(ctx.db)
      ctx.print(entries, () =>
        entries.length
          ? entries
              .map((e) => `${e.createdAt}  ${e.reviewer}  ${e.sha256.slice(0, 12)}  ${e.oldLabel ?? '—'} → ${e.newLabel}${e.note ? `  "${e.note}"` : ''}`)
              .join('\n')
          : 'No reviews yet.'
      )
    })

  review
    .command('verify')
    .description('Check the audit log\'s hash chain: names the first entry that was edited, removed or inserted out of order')
    .action((_flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const r = verifyChain(ctx.db)
      ctx.print(r, () =>
        r.ok
          ? `Audit log intact: ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}, last hash ${r.lastHash}`
          : `Audit log BROKEN at entry ${r.broken!.id}: ${r.broken!.reason}`
      )
      if (!r.ok) throw new Error(`the review audit log does not verify from entry ${r.broken!.id} on; restore a backup (\`leukolens db backup\`) or keep this copy as evidence`)
    })

  review
    .command('add-to-dataset')
    .description('Add reviewed images to a dataset with their reviewed labels (for the next training)')
    .requiredOption('--dataset <name>', 'dataset to add to')
    .option('--scan <id>', 'only images of this scan')
    .option('--create', 'create the dataset when it does not exist')
    .action(async (flags: { dataset: string; scan?: string; create?: boolean }, cmd: Command) => {
      const ctx = context(cmd)
      const scanId = intFlag('--scan', flags.scan)
      let r
      try {
        r = await addReviewedToDataset(ctx.db, { dataset: flags.dataset, scanId, create: flags.create })
      } catch (err) {
        throw err instanceof NoSuchDatasetError ? new UsageError(err.message) : err
      }
      ctx.print(r, () =>
        [
          `${r.created ? 'Created' : 'Updated'} dataset ${r.dataset}: ${r.added} added, ${r.relabelled} relabelled, ${r.unchanged} already so`,
          ...r.skipped.map((s) => `  skipped ${s.path ?? s.sha256}: ${s.reason}`),
          r.added ? `New images have no split yet: run \`leukolens split ${r.dataset}\` before training.` : ''
        ]
          .filter(Boolean)
          .join('\n')
      )
    })
}
