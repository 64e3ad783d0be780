import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'

/**
 * The app's data folder is the platform's userData folder unless the user picked another in Settings. That
 * choice must be readable before any database opens, so it lives in a tiny JSON file in the default folder,
 * and takes effect at the next start (moving an open database under a running engine is not worth the risk).
 */
const POINTER = 'data-folder.json'

export function readDataFolderChoice(defaultRoot: string): string | undefined {
  const file = join(defaultRoot, POINTER)
  if (!existsSync(file)) return undefined
  try {
    const v = (JSON.parse(readFileSync(file, 'utf8')) as { dataDir?: unknown }).dataDir
    return typeof v === 'string' && isAbsolute(v) ? v : undefined
  } catch {
    // A damaged pointer must not keep the app from starting: fall back to the default folder.
    return undefined
  }
}

export function writeDataFolderChoice(defaultRoot: string, dataDir: string): void {
  if (!isAbsolute(dataDir)) throw new Error(`The data folder must be an absolute path: ${dataDir}`)
  const file = join(defaultRoot, POINTER)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify({ dataDir }, null, 2)}\n`)
}

/** Back to the default folder from the next start on. */
export function clearDataFolderChoice(defaultRoot: string): void {
  rmSync(join(defaultRoot, POINTER), { force: true })
}
