import type { Migration } from '../migration'

/** Placeholder, to be filled by the work on: scans, predictions and the review audit log (scan issue). */
export const migration004: Migration = {
  version: 4,
  name: 'scans',
  up() {}
}
