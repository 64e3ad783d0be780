import type { SplitBy, SplitName, SplitOrder, SplitRule } from '../../../shared/types/datasets'
import { SPLIT_NAMES } from '../../../shared/names'
import { blockSubjects } from './blocks'
import { forwardSplit } from './forward'
import { mulberry32, shuffleInPlace } from './random'

export interface SplitItem {
  imageId: number
  /** Stable identity (the content hash): the split depends on content and seed, not on row ids. */
  key: string
  label: string
  subject: string | null
  /** Path inside the dataset; orders the images into blocks when subjects are unknown. */
  path?: string
  /** File modification time (ms), for the forward rule ordered by time. */
  time?: number
}

export interface SplitOptions {
  /** Percentages (or any proportions) for train/val/test. */
  ratios: [number, number, number]
  seed: number
  by: SplitBy
  /**
   * With `by: 'subject'`: images without a known subject are cut into blocks of this many consecutive files
   * (natural name order, per folder) and each block is treated as a subject (see blocks.ts). Null or absent: such
   * images are split one by one.
   */
  blockSize?: number | null
  /**
   * With `by: 'subject'`, for images without a known subject: `forward` (default) puts each series' newest files
   * in test and the ones before them in validation (forward.ts); `blocks` keeps random blocks of `blockSize`.
   */
  rule?: SplitRule | null
  /** Forward rule: order files by natural name order (default) or by `time`. */
  order?: SplitOrder | null
  /** Assignments to keep (a re-import adds images without moving earlier ones; a subject stays where it is). */
  existing?: ReadonlyMap<number, SplitName>
}

export const DEFAULT_RATIOS: [number, number, number] = [70, 15, 15]
export const DEFAULT_SEED = 42

interface Group {
  key: string
  items: SplitItem[]
  label: string
  fixed?: SplitName
}

/**
 * Groups images that must stay together: one per subject; when the subject is unknown, one per block of
 * neighbouring files (with a block size) or one per image.
 */
function groupItems(
  items: readonly SplitItem[],
  by: SplitBy,
  blockSize: number | null | undefined,
  existing?: ReadonlyMap<number, SplitName>
): Group[] {
  const blocks =
    by === 'subject' && blockSize
      ? blockSubjects(
          items.filter((i) => i.subject === null).map((i) => ({ imageId: i.imageId, path: i.path ?? i.key })),
          blockSize
        )
      : new Map<number, string>()
  const groups = new Map<string, SplitItem[]>()
  for (const it of items) {
    const block = blocks.get(it.imageId)
    const key =
      by === 'subject' && it.subject !== null ? `s:${it.subject}` : block ? `b:${block}` : `i:${it.key}`
    const g = groups.get(key)
    if (g) g.push(it)
    else groups.set(key, [it])
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, members]) => {
      // A subject with images of two classes (not in C-NMC, possible elsewhere) follows its majority class.
      const counts = new Map<string, number>()
      for (const m of members) counts.set(m.label, (counts.get(m.label) ?? 0) + 1)
      const label = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]
      const fixed = members.map((m) => existing?.get(m.imageId)).find((s) => s !== undefined)
      return { key, items: members, label, fixed }
    })
}

/**
 * Stratified, grouped, seeded assignment of images to train/val/test.
 *
 * Per class (so every split gets its share of each class), groups are shuffled with the seed, then: first every
 * split with a non-zero ratio receives one group (train, val, test in that order) so that no split lacks the
 * class while groups remain; then each further group goes to the split furthest below its target image count.
 * With fewer groups than splits the later splits go without that class — `splitWarnings` says so.
 */
export function assignSplits(items: readonly SplitItem[], opts: SplitOptions): Map<number, SplitName> {
  const total = opts.ratios.reduce((a, b) => a + b, 0)
  if (opts.ratios.some((r) => !(r >= 0)) || !(total > 0) || opts.ratios[0] <= 0) {
    throw new Error(
      `invalid split ratios ${opts.ratios.join(',')}: need three non-negative numbers with train > 0`
    )
  }
  const random = mulberry32(opts.seed)
  const active = SPLIT_NAMES.filter((_, i) => opts.ratios[i] > 0)
  const out = new Map<number, SplitName>()
  const forward = opts.by === 'subject' && opts.rule === 'forward'
  if (forward) {
    const unknown = items.filter((i) => i.subject === null)
    const placed = forwardSplit(
      unknown.map((i) => ({ imageId: i.imageId, label: i.label, path: i.path ?? i.key, time: i.time })),
      opts.ratios,
      opts.order ?? 'name'
    )
    for (const it of unknown) out.set(it.imageId, opts.existing?.get(it.imageId) ?? placed.get(it.imageId)!)
  }
  const grouped = forward ? items.filter((i) => i.subject !== null) : items
  const groups = groupItems(grouped, opts.by, forward ? null : opts.blockSize, opts.existing)
  const labels = [...new Set(groups.map((g) => g.label))].sort()
  for (const label of labels) {
    const mine = groups.filter((g) => g.label === label)
    const size = mine.reduce((n, g) => n + g.items.length, 0)
    const target = new Map(SPLIT_NAMES.map((s, i) => [s, (opts.ratios[i] / total) * size]))
    const count = new Map<SplitName, number>(SPLIT_NAMES.map((s) => [s, 0]))
    const place = (g: Group, s: SplitName): void => {
      for (const it of g.items) out.set(it.imageId, s)
      count.set(s, count.get(s)! + g.items.length)
    }
    for (const g of mine) if (g.fixed) place(g, g.fixed)
    const free = shuffleInPlace(
      mine.filter((g) => !g.fixed),
      random
    )
    for (const s of active) {
      if (!free.length) break
      if (count.get(s) === 0) place(free.shift()!, s)
    }
    for (const g of free) {
      let best = active[0]
      for (const s of active)
        if (target.get(s)! - count.get(s)! > target.get(best)! - count.get(best)!) best = s
      place(g, best)
    }
  }
  return out
}

/** "70,15,15" → [70, 15, 15]. */
export function parseRatios(text: string): [number, number, number] {
  const parts = text.split(/[,/:]/).map((p) => Number(p.trim()))
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0) || parts[0] <= 0) {
    throw new Error(`invalid --ratios "${text}": expected three numbers train,val,test such as 70,15,15`)
  }
  return parts as [number, number, number]
}
