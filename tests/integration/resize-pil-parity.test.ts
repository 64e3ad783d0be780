import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { resizeAntialias } from '../../src/main/core/images/preprocess'
import { INPUTS } from '../fixtures/pil-resize/make-inputs'

/**
 * The antialiased resize against PIL itself: each synthetic input (make-inputs.ts) resized to 224×224 by
 * Pillow 12.3's `Image.resize(size, Image.LANCZOS)` (pil_lanczos.py, run where Pillow exists; outputs
 * committed). PNG is lossless, so both sides are exact bytes. The inputs take PIL's downscaling and upscaling
 * paths, a non-square one, and ones where one side keeps its size (PIL skips that pass).
 */
const DIR = join(__dirname, '../fixtures/pil-resize')

async function rgb(file: string): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(join(DIR, file))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  expect(info.channels).toBe(3)
  return { data: new Uint8Array(data), width: info.width, height: info.height }
}

describe('antialiased resize is byte-identical to PIL LANCZOS', () => {
  it('has one PIL output per input', () => {
    const outputs = readdirSync(DIR).filter((f) => f.endsWith('.lanczos224.png'))
    expect(outputs.sort()).toEqual(INPUTS.map(([name]) => `${name}.lanczos224.png`).sort())
  })

  for (const [name, w, h] of INPUTS)
    it(`${name}: ${w}×${h} → 224×224`, async () => {
      const input = await rgb(`${name}.png`)
      expect([input.width, input.height]).toEqual([w, h])
      const ours = resizeAntialias(input, 224, 224)
      const pil = await rgb(`${name}.lanczos224.png`)
      let differing = 0
      for (let i = 0; i < pil.data.length; i++) if (ours.data[i] !== pil.data[i]) differing++
      expect(differing, `${differing} of ${pil.data.length} values differ from PIL`).toBe(0)
    })
})
