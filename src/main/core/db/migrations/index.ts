import type { Migration } from '../migration'
import { migration001 } from './001-foundation'
import { migration002 } from './002-engine'
import { migration003 } from './003-models'
import { migration004 } from './004-scans'
import { migration005 } from './005-history-indexes'
import { migration006 } from './006-trust'
import { migration007 } from './007-field-cells'
import { migration008 } from './008-audit-chain'
import { migration009 } from './009-field-scans'
import { migration010 } from './010-empty-fields'
import { migration011 } from './011-split-rule'
import { migration012 } from './012-quality-control'
import { migration013 } from './013-sample-results'
import { migration014 } from './014-users'
import { migration015 } from './015-blobs'
import { migration016 } from './016-queue'
import { migration017 } from './017-history-keys'
import { migration018 } from './018-scan-machine'
import { migration019 } from './019-cell-copies'
import { migration020 } from './020-qc-audit'

/**
 * Every schema step in order. A new table or column is a new numbered file appended here —
 * never an edit of a migration that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
  migration020
]
