import type { Migration } from '../migration'

/**
 * Which machine runs a scan, and when it last said it still does. A scan row used to name only its process id,
 * and other processes judged it alive by that id — meaningful on the workstation that wrote it, and nowhere else:
 * on a shared database a scan running on one workstation looked dead to another (the id does not exist there, or
 * is some other process), which would then "resume" it alongside, and a scan whose machine crashed looked alive
 * wherever the id happened to be taken. `host` is the machine's name (as a queue worker names itself);
 * `heartbeat_at` (ISO time) is refreshed by the running scan, so another machine judges it by how recent that is
 * (core/scan/liveness.ts). Rows from before have neither: they were written on this workstation's own file, and
 * keep being judged by their process id.
 */
const COLUMNS = `
      ALTER TABLE scans ADD COLUMN host TEXT;
      ALTER TABLE scans ADD COLUMN heartbeat_at TEXT;
`

export const migration018: Migration = {
  version: 18,
  name: 'scan-heartbeat',
  up(db) {
    db.exec(COLUMNS)
  },
  postgres: COLUMNS
}
