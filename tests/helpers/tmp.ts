import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** A fresh temporary folder per call, removed after the test. */
export function useTmpDirs(): () => string {
  const made: string[] = []
  afterEach(() => {
    while (made.length) rmSync(made.pop()!, { recursive: true, force: true })
  })
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'leukolens-test-'))
    made.push(d)
    return d
  }
}
