/**
 * Paging the History by cursor. Each page the engine returns names the row it ended on (`next`); the screen keeps
 * those cursors by page number, so next and previous start right after a known row, and a jump starts after the
 * nearest page seen before it and skips only the pages in between.
 */

/** Where a page starts: after a cursor (none for the first page's run), skipping `offset` rows. */
export interface PageRequest {
  after?: string
  offset: number
}

/** How to ask for page `page` (0-based) of `size` rows, given the cursors that start the pages seen so far. */
export function pageRequest(starts: ReadonlyMap<number, string>, page: number, size: number): PageRequest {
  let from = 0
  for (const p of starts.keys()) if (p <= page && p > from) from = p
  const after = from > 0 ? starts.get(from) : undefined
  return { ...(after === undefined ? {} : { after }), offset: (page - from) * size }
}

/** The last page's index for an exact total (0 for none). */
export const lastPage = (total: number, size: number): number => Math.max(0, Math.ceil(total / size) - 1)

/**
 * The pager's words: "51–100 of 2,950", or when the count stopped short of the end "51–100 of more than 1,000".
 */
export function pagerLabel(from: number, to: number, total: number, exact: boolean): string {
  const n = (x: number): string => x.toLocaleString('en-US')
  if (to < from) return `0 of ${exact ? '' : 'more than '}${n(total)}`
  return `${n(from)}–${n(to)} of ${exact ? '' : 'more than '}${n(total)}`
}
