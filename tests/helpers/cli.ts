import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const BIN = resolve(__dirname, '../../bin/leukolens.mjs')

/**
 * Runs the command line as a user does — the built bundle through bin/leukolens.mjs, in a process of its own (the
 * tests' global setup rebuilds it when a source is newer) — and returns its exit code with what it wrote to stdout
 * and stderr. The environment is this process's at the call, so a test can set a LEUKOLENS_* variable first.
 */
export function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCliWith({}, ...argv)
}

/** As runCli, with variables added to (or, when undefined, removed from) the environment. */
export function runCliWith(
  env: Record<string, string | undefined>,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  return runCliInput(undefined, env, ...argv)
}

/** As runCliWith, with `input` on standard input (a password piped in); none: standard input is closed. */
export function runCliInput(
  input: string | undefined,
  env: Record<string, string | undefined>,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const merged: Record<string, string | undefined> = { ...process.env, ...env }
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k]
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      env: merged as NodeJS.ProcessEnv,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
    })
    if (input !== undefined) child.stdin!.end(input)
    let out = ''
    let err = ''
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c))
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c))
    child.on('error', fail)
    child.on('close', (code) => done({ code: code ?? 1, out, err }))
  })
}
