import type { Migration } from '../migration'

/**
 * What a prediction's trust rests on and how a dataset's split grouped unknown subjects.
 *
 * - `predictions.ood_score`: the model version's distance of the image's features from its training features
 *   (larger = less like them); `ood` is 1 when the image looks unlike the training data: the score passes the version's threshold, or a cheap
 *   image check (format, size) fails. Both are NULL for
 *   predictions made before this version or by a model without a stored description.
 * - `predictions.flag_reason`: why the prediction was flagged for review ('; '-joined, e.g. "unfamiliar image
 *   (score 41.2 > 18.7)", "confidence 0.71 below 0.86"), NULL when not flagged.
 * - `models.trust`: JSON ModelTrust (temperature, ECE and reliability bins, flag operating point, OOD threshold);
 *   the OOD detector's arrays are a file in the version's folder. NULL for older and imported versions.
 * - `datasets.split_block_size`: with subjects unknown, the split kept blocks of this many consecutive files
 *   together (splits/blocks.ts); NULL when it did not.
 */
export const migration006: Migration = {
  version: 6,
  name: 'trust',
  up(db) {
    db.exec(`
      ALTER TABLE predictions ADD COLUMN ood_score REAL;
      ALTER TABLE predictions ADD COLUMN ood INTEGER CHECK (ood IN (0, 1));
      ALTER TABLE predictions ADD COLUMN flag_reason TEXT;
      ALTER TABLE models ADD COLUMN trust TEXT;
      ALTER TABLE datasets ADD COLUMN split_block_size INTEGER CHECK (split_block_size > 0);
    `)
  }
}
