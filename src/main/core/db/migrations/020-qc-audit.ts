import type { Migration } from '../migration'

/**
 * QC acknowledgements in the audit log: each acknowledgement now names its entry in the hash-chained review log
 * (`audit_entry`; null for one given before this step, which had none), so who acknowledged a rejected control run,
 * when and why is bound to the log's one order like a review or a sign-off. On PostgreSQL the runs and
 * acknowledgements also refuse TRUNCATE, as the other records of the shared schema do (SQLite has no TRUNCATE: its
 * DELETE triggers already cover an emptied table).
 */
const COLUMN = `
  ALTER TABLE qc_acks ADD COLUMN audit_entry INTEGER REFERENCES review_log (id);
  CREATE UNIQUE INDEX qc_acks_by_audit_entry ON qc_acks (audit_entry);
`

export const migration020: Migration = {
  version: 20,
  name: 'qc-audit',
  up(db) {
    db.exec(COLUMN)
  },
  postgres: `${COLUMN}
  CREATE TRIGGER qc_runs_no_truncate BEFORE TRUNCATE ON qc_runs
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('QC runs are a record: they cannot be emptied');
  CREATE TRIGGER qc_acks_no_truncate BEFORE TRUNCATE ON qc_acks
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('QC acknowledgements are a record: they cannot be emptied');
`
}
