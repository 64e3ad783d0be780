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
 *
 * And what a queued field scan's workers must know that its row did not hold: the crop style of its cells
 * (`crop_style`) and whether it computes every cell again instead of reusing the
 * model version's earlier predictions of the same crop (`rescan`; a plain scan and a queued scan of cell images
 * decide that when they plan, before any worker runs).
 */
const COLUMNS = `
      ALTER TABLE scans ADD COLUMN host TEXT;
      ALTER TABLE scans ADD COLUMN heartbeat_at TEXT;
      ALTER TABLE scans ADD COLUMN crop_style TEXT CHECK (crop_style IN ('masked', 'plain'));
      ALTER TABLE scans ADD COLUMN rescan INTEGER NOT NULL DEFAULT 0 CHECK (rescan IN (0, 1));
`

export const migration018: Migration = {
  version: 18,
  name: 'scan-machine',
  up(db) {
    db.exec(COLUMNS)
  },
  postgres: COLUMNS
}
