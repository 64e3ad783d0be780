import { sql, type RawBuilder } from 'kysely'

/**
 * The History's orders and its page cursors (keyset paging). Each order is a key of columns sorted one way (the
 * prefix) with the item id ascending as the last tie-break, so every row has a distinct position. A cursor names a
 * row by that key: the next page is "the rows after this key", which the sort index finds directly, however deep
 * the page — an OFFSET would read and throw away every row before it.
 */

type Fragment = RawBuilder<unknown>

export type HistorySort = 'confidence-asc' | 'confidence-desc' | 'newest' | 'path'
export type HistoryOrder = HistorySort | 'scan'

interface OrderSpec {
  /** The columns before the item id, all sorted the same way. */
  prefix: readonly string[]
  descending: boolean
  /** Each prefix value's type in a cursor. */
  types: readonly ('string' | 'number')[]
}

const ORDERS: Record<HistoryOrder, OrderSpec> = {
  scan: { prefix: [], descending: false, types: [] },
  newest: { prefix: ['p.created_at', 'p.id'], descending: true, types: ['string', 'number'] },
  'confidence-asc': { prefix: ['p.confidence', 'p.id'], descending: false, types: ['number', 'number'] },
  'confidence-desc': { prefix: ['p.confidence', 'p.id'], descending: true, types: ['number', 'number'] },
  path: { prefix: ['i.path'], descending: false, types: ['string'] }
}

/** Whether an order reads the predictions table. */
export const orderNeedsPrediction = (order: HistoryOrder): boolean =>
  ORDERS[order].prefix.some((c) => c.startsWith('p.'))

/**
 * A column as a computed value: the same order and comparisons, but no index serves it. PostgreSQL's planner walks
 * a sort index and filters as it goes, betting the matches are spread evenly; the items of one scan or folder sit
 * together in time, so for an old scan that walk reads most of the table. With a filter on the items it sorts
 * their few rows instead. The second column of a key needs no wrapping: the first already rules the index out.
 */
const computed = (column: string): Fragment =>
  column === 'p.confidence' ? sql`${sql.ref(column)} + 0` : sql`${sql.ref(column)} || ''`

function prefixOf(order: HistoryOrder, asComputed: boolean): Fragment[] {
  return ORDERS[order].prefix.map((c, k) => (asComputed && k === 0 ? computed(c) : sql.ref(c)))
}

/** The ORDER BY of an order (the id ties make it total); `asComputed`: sorted after filtering (see `computed`). */
export function orderBy(order: HistoryOrder, asComputed = false): Fragment {
  const dir = ORDERS[order].descending ? sql`DESC` : sql``
  return sql.join([...prefixOf(order, asComputed).map((c) => sql`${c} ${dir}`), sql`i.id`])
}

/** A listed page's sort key columns, as the page query named them. */
export const listedKeys = (order: HistoryOrder): Fragment[] =>
  ORDERS[order].prefix.map((_, k) => sql.ref(`pg.k${k}`))

/** The same order over a listed page's own columns (`pg.k0`, `pg.k1`, `pg.id`): to keep its rows in order. */
export function listedOrder(order: HistoryOrder): Fragment {
  const dir = ORDERS[order].descending ? sql`DESC` : sql``
  const prefix = ORDERS[order].prefix.map((_, k) => sql`${sql.ref(`pg.k${k}`)} ${dir}`)
  return sql.join([...prefix, sql`pg.id`])
}

/** The sort key of the rows a page query lists: `k0`, `k1` (the prefix's values) beside the item id. */
export const keyColumns = (order: HistoryOrder): Fragment[] =>
  ORDERS[order].prefix.map((c, k) => sql`${sql.ref(c)} AS ${sql.ref(`k${k}`)}`)

/** Where a page starts: after the row with this key, which was row number `position` (1-based) of the History. */
export interface HistoryCursor {
  order: HistoryOrder
  /** The prefix's values, then the item id. */
  key: (string | number)[]
  position: number
}

/**
 * The rows strictly after `c` in its order. The prefix is compared as one row value, which both engines take as
 * a range on the sort index; the item id breaks ties between items that share a prediction (copies of a content).
 */
export function afterKey(c: HistoryCursor, asComputed = false): Fragment {
  const item = c.key[c.key.length - 1]
  const prefix = prefixOf(c.order, asComputed)
  if (!prefix.length) return sql`i.id > ${item}`
  const cols = sql`(${sql.join(prefix)})`
  const vals = sql`(${sql.join(c.key.slice(0, -1))})`
  const [strict, inclusive] = ORDERS[c.order].descending ? [sql`<`, sql`<=`] : [sql`>`, sql`>=`]
  return sql`${cols} ${inclusive} ${vals} AND (${cols} ${strict} ${vals} OR i.id > ${item})`
}

// Checked by hand, not with the contract's schema library: History loads with the command line's first command.
function isCursor(v: unknown): v is HistoryCursor {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const c = v as Record<string, unknown>
  return (
    Object.keys(c).length === 3 &&
    typeof c.order === 'string' &&
    Object.hasOwn(ORDERS, c.order) &&
    Array.isArray(c.key) &&
    c.key.every((k) => typeof k === 'string' || typeof k === 'number') &&
    Number.isInteger(c.position) &&
    (c.position as number) >= 0
  )
}

/** A cursor as the text a caller hands back for the next page (opaque to it). */
export const encodeCursor = (c: HistoryCursor): string => JSON.stringify(c)

/** The cursor in `text`, checked against the order it is used with. */
export function decodeCursor(text: string, order: HistoryOrder): HistoryCursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (!isCursor(parsed)) throw new RangeError('not a History page cursor')
  const types = [...ORDERS[order].types, 'number']
  if (parsed.order !== order) throw new RangeError('the page cursor is of another History order')
  if (parsed.key.length !== types.length || parsed.key.some((v, k) => typeof v !== types[k]))
    throw new RangeError('not a History page cursor')
  return parsed
}

/** The cursor of a listed row: its key, read back from the page query's `k0`, `k1` and item id. */
export function cursorOf(
  order: HistoryOrder,
  row: { id: number; k0?: string | number; k1?: string | number },
  position: number
): HistoryCursor {
  const prefix = ORDERS[order].prefix.map((_, k) => (k === 0 ? row.k0! : row.k1!))
  return { order, key: [...prefix, row.id], position }
}
