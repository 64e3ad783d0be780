import type { Migration } from '../migration'

/**
 * Datasets, images (one row per distinct content), dataset membership and splits.
 *
 * An image is its content: `images.sha256` is unique, so the same picture under two names or in two datasets is
 * stored once. What depends on the dataset — the file name it was found under, its (mapped) label, the subject
 * (patient) it came from — lives on the membership row, because two datasets may label the same picture
 * differently. `dataset_files` keeps every file path seen, duplicates included, so that a re-import knows what it
 * has already read and `datasets show` can still report duplicates later.
 */
export const migration001: Migration = {
  version: 1,
  name: 'foundation',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        root TEXT NOT NULL,
        layout TEXT NOT NULL CHECK (layout IN ('cnmc', 'class-folders', 'flat')),
        class_mapping TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        split_seed INTEGER,
        split_ratios TEXT,
        split_by TEXT CHECK (split_by IN ('subject', 'image')),
        split_at TEXT
      ) STRICT;

      CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        path TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size > 0),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        format TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE dataset_images (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        image_id INTEGER NOT NULL REFERENCES images(id),
        path TEXT NOT NULL,
        label TEXT,
        source_label TEXT,
        subject TEXT,
        PRIMARY KEY (dataset_id, image_id)
      ) STRICT;
      CREATE INDEX dataset_images_image ON dataset_images(image_id);

      CREATE TABLE dataset_files (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        image_id INTEGER NOT NULL REFERENCES images(id),
        PRIMARY KEY (dataset_id, path)
      ) STRICT;
      CREATE INDEX dataset_files_image ON dataset_files(image_id);

      CREATE TABLE splits (
        dataset_id INTEGER NOT NULL,
        image_id INTEGER NOT NULL,
        split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
        label TEXT NOT NULL,
        PRIMARY KEY (dataset_id, image_id),
        FOREIGN KEY (dataset_id, image_id) REFERENCES dataset_images(dataset_id, image_id) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX splits_dataset_split ON splits(dataset_id, split);
    `)
  }
}
