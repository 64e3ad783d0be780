import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'

/**
 * A class-folder dataset of plain PNGs (`<folder>/<class>/<i>.png`), each a solid colour that differs by class and
 * index, so that no two files of one call share content (an import would store duplicates once). For tests that need
 * importable images, not cells.
 */
export async function writeClassPngs(
  folder: string,
  counts: Record<string, number>,
  opts: { size?: number; prefix?: string } = {}
): Promise<void> {
  const size = opts.size ?? 32
  for (const [c, [cls, n]] of Object.entries(counts).entries()) {
    mkdirSync(join(folder, cls), { recursive: true })
    for (let i = 0; i < n; i++)
      await sharp({
        create: { width: size, height: size, channels: 3, background: { r: (i * 20) % 256, g: 7, b: c * 60 } }
      })
        .png()
        .toFile(join(folder, cls, `${opts.prefix ?? ''}${i}.png`))
  }
}
