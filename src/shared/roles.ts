/**
 * The people of a shared database: their roles and what a signature may mean. Plain constants (no schema library),
 * so the command line's start, which checks who signs in, loads nothing more.
 */
export const ROLES = ['technician', 'reviewer', 'researcher', 'admin'] as const
export const SIGNATURE_MEANINGS = ['reviewed', 'approved'] as const
