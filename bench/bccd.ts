/** The BCCD fields split for leak-free method choice: development (looked at, tuned on) and held out. */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The fields' file names in image-number order, halved: the first half for development, the second held out. */
export function bccdHalves(root: string): { dev: string[]; heldOut: string[] } {
  const names = readdirSync(join(root, 'JPEGImages'))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
  const half = Math.ceil(names.length / 2)
  return { dev: names.slice(0, half), heldOut: names.slice(half) }
}
