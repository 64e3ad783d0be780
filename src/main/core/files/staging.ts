import { renameSync, rmSync } from 'node:fs'

/**
 * Writes `file` through a temporary name beside it and a rename, so no half file ever stands under the real name;
 * when writing or the rename fails the temporary file is removed too, so a failed export or report leaves nothing
 * behind (only a killed process can, and the temporary name says what it is).
 */
export async function writeAtomically(
  file: string,
  write: (tmp: string) => void | Promise<void>
): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  try {
    await write(tmp)
    renameSync(tmp, file)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
}

/** `writeAtomically` for writers that cannot wait (inside a SQLite transaction, a synchronous export). */
export function writeAtomicallySync(file: string, write: (tmp: string) => void): void {
  const tmp = `${file}.${process.pid}.tmp`
  try {
    write(tmp)
    renameSync(tmp, file)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
}
