import type { Migration } from '../migration'

/** Placeholder, to be filled by the work on: backbones and the feature store (engine issue). */
export const migration002: Migration = {
  version: 2,
  name: 'engine',
  up() {}
}
