import type { Migration } from '../migration'
import { migration001 } from './001-foundation'

/**
 * Every schema step in order. A new table or column is a new numbered file appended here —
 * never an edit of a migration that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [migration001]
