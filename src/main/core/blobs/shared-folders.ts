/**
 * The folders a model version or a backbone keeps in the data folder, shared through the database: on a shared
 * (PostgreSQL) store every file is also put in `blobs` by its checksum, and a workstation or worker whose own
 * data folder lacks the folder rebuilds it from there, checking each file's sha256, before loading it. The local
 * files stay the fast path: a complete local folder is used as it is.
 *
 * On the workstation's own SQLite file the files are not copied in: the database lives in the same data folder
 * as the files, so a copy would only double the folder (and every backup of the database).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import type { DataDir } from '../paths'
import { write, type Store } from '../db/store'
import {
  deleteStoredFiles,
  deleteUnreferencedBlobs,
  getBlob,
  lockBlobsForRemoving,
  lockBlobsForWriting,
  putBlob,
  putStoredFiles,
  sha256Of,
  storedFiles,
  type StoredFile
} from '../db/queries/blobs'

/** A folder under the data folder: `models/<dir>` or `backbones/<dir>`. */
export interface SharedFolder {
  kind: 'models' | 'backbones'
  dir: string
}

export class SharedFileError extends Error {
  override name = 'SharedFileError'
}

const keyOf = (f: SharedFolder): string => `${f.kind}/${f.dir}`
const pathOf = (dirs: DataDir, f: SharedFolder): string => join(dirs[f.kind], f.dir)

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

/** Puts every file of the local folder into the shared store (nothing to do on SQLite). */
export async function publishFolder(store: Store, dirs: DataDir, folder: SharedFolder): Promise<void> {
  const root = pathOf(dirs, folder)
  if (store.engine !== 'postgres' || !existsSync(root)) return
  // Read first, then write: nothing but queries is awaited inside the transaction.
  const files = filesUnder(root).map((name) => ({ name, bytes: readFileSync(join(root, name)) }))
  await write(store, async (trx) => {
    await lockBlobsForWriting(store, trx)
    const records: StoredFile[] = []
    for (const f of files)
      records.push({ name: f.name, sha256: await putBlob(trx, f.bytes), size: f.bytes.length })
    await putStoredFiles(trx, keyOf(folder), records)
  })
}

/**
 * Forgets which files a removed folder held, and removes those of their blobs nothing else names any more (a
 * blob another folder holds too stays). One transaction under the blob lock: a workstation publishing the same
 * bytes at that moment either names them before (they stay) or stores them again after.
 */
export async function unpublishFolder(
  store: Store,
  folder: SharedFolder
): Promise<{ blobs: number; bytes: number }> {
  return write(store, async (trx) => {
    await lockBlobsForRemoving(store, trx)
    const held = await storedFiles(trx, keyOf(folder))
    await deleteStoredFiles(trx, keyOf(folder))
    return deleteUnreferencedBlobs(
      trx,
      held.map((f) => f.sha256)
    )
  })
}

/**
 * The folder's path in this data folder, with every file the shared store records for it present: missing ones
 * are fetched by checksum and verified before they are written. A folder the store does not know is returned as
 * it is (on a shared store a complete local copy is published then, so that others can have it too).
 */
export async function materialiseFolder(store: Store, dirs: DataDir, folder: SharedFolder): Promise<string> {
  const root = pathOf(dirs, folder)
  const records = await storedFiles(store.k, keyOf(folder))
  if (!records.length) {
    if (store.engine === 'postgres' && existsSync(root)) await publishFolder(store, dirs, folder)
    return root
  }
  for (const r of records.filter((r) => !existsSync(join(root, r.name)))) {
    const target = join(root, r.name)
    const bytes = await getBlob(store.k, r.sha256)
    if (!bytes)
      throw new SharedFileError(
        `${target} is missing here and the shared database holds no copy of it (sha256 ${r.sha256})`
      )
    if (sha256Of(bytes) !== r.sha256 || bytes.length !== r.size)
      throw new SharedFileError(
        `${target}: the copy in the shared database does not match its checksum ${r.sha256}; it was not written`
      )
    // Written beside the target and renamed: a reader never sees half a file, and two processes fetching the
    // same folder at once each put a whole file in place.
    mkdirSync(dirname(target), { recursive: true })
    const part = `${target}.part-${process.pid}`
    try {
      writeFileSync(part, bytes)
      renameSync(part, target)
    } finally {
      rmSync(part, { force: true })
    }
  }
  return root
}
