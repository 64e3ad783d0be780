import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { notRegular } from '../import/walk-folder'

/**
 * Reading a file named by a person (on the command line, in a folder) without ever blocking on it: a FIFO opened
 * for reading waits for a writer for ever, and a device may never end. The file is opened without blocking, and
 * its type is checked on the open descriptor (not on the name, which could be swapped in between) before a byte
 * is read. For a regular file O_NONBLOCK changes nothing.
 */
export class NotRegularFileError extends Error {
  override name = 'NotRegularFileError'
  constructor(
    readonly path: string,
    readonly reason: string
  ) {
    super(`${path}: ${reason}`)
  }
}

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK

export async function readRegularFile(path: string): Promise<Buffer> {
  const handle = await open(path, FLAGS)
  try {
    const st = await handle.stat()
    if (!st.isFile()) throw new NotRegularFileError(path, notRegular(st))
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

export function readRegularFileSync(path: string): Buffer
export function readRegularFileSync(path: string, encoding: BufferEncoding): string
export function readRegularFileSync(path: string, encoding?: BufferEncoding): Buffer | string {
  const fd = openSync(path, FLAGS)
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) throw new NotRegularFileError(path, notRegular(st))
    return encoding ? readFileSync(fd, encoding) : readFileSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** The short reason for a failed read: "not a regular file (a FIFO)", else the system's code ("ENOENT"). */
export function readFailure(err: unknown): string {
  if (err instanceof NotRegularFileError) return err.reason
  const e = err as NodeJS.ErrnoException
  return e.code ?? e.message
}
