import type { Migration } from '../migration'

/** Placeholder, to be filled by the work on: model registry (engine issue). */
export const migration003: Migration = {
  version: 3,
  name: 'models',
  up() {}
}
