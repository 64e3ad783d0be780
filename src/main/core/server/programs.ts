import { execFile } from 'node:child_process'
import type { RunAs } from './binaries'

export interface ProgramResult {
  code: number
  out: string
}

/**
 * Runs one of PostgreSQL's programs to its end (as `runAs`), with its output kept for the message when it fails.
 * `pg_ctl start` returns once the server it forks is up: the server, its output sent to the log by `-l`, lives on.
 */
export function runProgram(
  file: string,
  args: string[],
  runAs: RunAs,
  timeoutMs = 120_000
): Promise<ProgramResult> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      {
        uid: runAs.uid,
        gid: runAs.gid,
        timeout: timeoutMs,
        encoding: 'utf8',
        windowsHide: true
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
        done({ code, out: `${stdout}${stderr}`.trim() })
      }
    )
  })
}

/** The last non-empty line of a program's output or log, for a one-sentence failure. */
export function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? ''
  )
}
