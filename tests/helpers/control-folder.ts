import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A control folder of 10 "images" (files with image names; the runs are stored, not computed): 4 ALL, 6 HEM. */
export function controlFolder(dir: string): string {
  const root = join(dir, 'control')
  for (const [cls, n] of [
    ['ALL', 4],
    ['HEM', 6]
  ] as const) {
    mkdirSync(join(root, cls), { recursive: true })
    for (let i = 0; i < n; i++) writeFileSync(join(root, cls, `c${i}.png`), 'x')
  }
  return root
}
