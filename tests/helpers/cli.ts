import { vi } from 'vitest'
import { main } from '../../src/main/cli/index'

/** Runs the command line in-process and returns its exit code with what it wrote to stdout and stderr. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true))
  try {
    const code = await main(argv)
    return { code, out, err }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}
