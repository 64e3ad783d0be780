/**
 * Synthetic smear fields with known answers: a pale background, pink red cells with central pallor, purple
 * platelets and white cells (dense purple-blue nucleus in a paler cytoplasm), at places the test chooses.
 */
import type { RgbPixels } from '../../src/main/core/images/resize'
import { Prng } from '../../src/main/core/engine/training/prng'

export interface Disk {
  cx: number
  cy: number
  r: number
}

const BACKGROUND = [226, 224, 216] as const
const RED_CELL = [205, 150, 160] as const
const PALLOR = [218, 190, 192] as const
const PLATELET = [150, 115, 200] as const
const CYTOPLASM = [205, 185, 220] as const
export const NUCLEUS = [105, 85, 195] as const

export class Smear {
  readonly data: Uint8Array
  constructor(
    readonly width: number,
    readonly height: number
  ) {
    this.data = new Uint8Array(width * height * 3)
    for (let i = 0; i < width * height; i++) this.data.set(BACKGROUND, i * 3)
  }

  private disk(d: Disk, color: readonly number[]): void {
    const x0 = Math.max(0, Math.floor(d.cx - d.r))
    const x1 = Math.min(this.width - 1, Math.ceil(d.cx + d.r))
    const y0 = Math.max(0, Math.floor(d.cy - d.r))
    const y1 = Math.min(this.height - 1, Math.ceil(d.cy + d.r))
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++)
        if ((x - d.cx) ** 2 + (y - d.cy) ** 2 <= d.r * d.r) this.data.set(color, (y * this.width + x) * 3)
  }

  /** A red cell; `color` for a tinted one (e.g. the bluish red cells of a blue-tinted field). */
  redCell(cx: number, cy: number, diameter: number, color: readonly number[] = RED_CELL): this {
    this.disk({ cx, cy, r: diameter / 2 }, color)
    this.disk({ cx, cy, r: diameter / 6 }, PALLOR)
    return this
  }

  /** A platelet; `color` for a darkly stained one. */
  platelet(cx: number, cy: number, diameter: number, color: readonly number[] = PLATELET): this {
    this.disk({ cx, cy, r: diameter / 2 }, color)
    return this
  }

  /** A white cell `diameter` across with a round nucleus 0.7 of it. */
  whiteCell(cx: number, cy: number, diameter: number): this {
    this.disk({ cx, cy, r: diameter / 2 }, CYTOPLASM)
    this.disk({ cx, cy, r: diameter * 0.35 }, NUCLEUS)
    return this
  }

  /**
   * A neutrophil `diameter` across: `lobes` round nuclear lobes on a ring inside one round cytoplasm, with
   * narrow gaps between neighbours (as a segmented nucleus looks once its faint threads are thresholded away).
   */
  lobedWhiteCell(cx: number, cy: number, diameter: number, lobes: number): this {
    this.disk({ cx, cy, r: diameter / 2 }, CYTOPLASM)
    const ring = diameter * 0.25
    const r = ring * Math.sin(Math.PI / lobes) * 0.9
    for (let k = 0; k < lobes; k++) {
      const a = (2 * Math.PI * k) / lobes
      this.disk({ cx: cx + ring * Math.cos(a), cy: cy + ring * Math.sin(a), r }, NUCLEUS)
    }
    return this
  }

  /** Red cells of `diameter` on a jittered grid over the whole field, skipping the given keep-out disks. */
  redCellCarpet(diameter: number, seed: number, keepOut: Disk[] = []): this {
    const prng = new Prng(seed)
    const rand = (): number => prng.next()
    const step = diameter * 1.25
    for (let y = diameter / 2; y < this.height; y += step) {
      for (let x = diameter / 2; x < this.width; x += step) {
        const cx = x + (rand() - 0.5) * diameter * 0.2
        const cy = y + (rand() - 0.5) * diameter * 0.2
        if (keepOut.some((k) => Math.hypot(k.cx - cx, k.cy - cy) < k.r + diameter / 2)) continue
        this.redCell(cx, cy, diameter)
      }
    }
    return this
  }

  pixels(): RgbPixels {
    return { data: this.data, width: this.width, height: this.height }
  }
}
