/**
 * Whether another process with this id runs now (this process never counts: a row or a file it left earlier is not
 * in use by it unless the caller knows so). EPERM: it exists, under another user.
 */
export function otherProcessAlive(pid: number | null | undefined): boolean {
  if (!pid || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
