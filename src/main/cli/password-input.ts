/**
 * Passwords at the command line: never a flag (it would sit in the shell's history and the process list). From
 * LEUKOLENS_PASSWORD (scripts, workers), from standard input (`users add`), or typed at a hidden prompt on a terminal.
 */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { UsageError } from './errors'

/** Reads a password typed on the terminal without showing it. */
export function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY)
    return Promise.reject(
      new UsageError(
        `${question.replace(/:\s*$/, '')} is needed: set LEUKOLENS_PASSWORD, or run on a terminal`
      )
    )
  process.stderr.write(question)
  // The echo goes nowhere: what is typed is read, never shown.
  const silent = new Writable({ write: (_chunk, _enc, done) => done() })
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true })
  return new Promise((resolve) =>
    rl.question('', (answer) => {
      rl.close()
      process.stderr.write('\n')
      resolve(answer)
    })
  )
}

/** The whole of standard input as one password (its final line break dropped), or the hidden prompt on a terminal. */
export async function passwordFromStdin(question: string): Promise<string> {
  if (process.stdin.isTTY) return promptHidden(question)
  let text = ''
  for await (const chunk of process.stdin) text += String(chunk)
  const password = text.replace(/\r?\n$/, '')
  if (!password) throw new UsageError('no password on standard input: pipe one in (echo … | leukolens …)')
  return password
}
