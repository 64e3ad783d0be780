/** Connected components of a binary mask (8-connectivity), with the statistics the finder needs. */

export interface Component {
  /** 1-based label in the label image. */
  label: number
  area: number
  x0: number
  y0: number
  /** Inclusive. */
  x1: number
  y1: number
  cx: number
  cy: number
}

export interface Labelled {
  labels: Int32Array
  components: Component[]
}

/** Labels 8-connected regions of set pixels by a breadth-first flood (an explicit queue: no recursion depth). */
export function labelComponents(mask: Uint8Array, width: number, height: number): Labelled {
  const labels = new Int32Array(width * height)
  const queue = new Int32Array(width * height)
  const components: Component[] = []
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue
    const label = components.length + 1
    const c: Component = { label, area: 0, x0: width, y0: height, x1: -1, y1: -1, cx: 0, cy: 0 }
    let head = 0
    let tail = 0
    queue[tail++] = start
    labels[start] = label
    while (head < tail) {
      const p = queue[head++]
      const x = p % width
      const y = (p - x) / width
      c.area++
      c.cx += x
      c.cy += y
      if (x < c.x0) c.x0 = x
      if (x > c.x1) c.x1 = x
      if (y < c.y0) c.y0 = y
      if (y > c.y1) c.y1 = y
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy
        if (ny < 0 || ny >= height) continue
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx
          if (nx < 0 || nx >= width) continue
          const q = ny * width + nx
          if (mask[q] && !labels[q]) {
            labels[q] = label
            queue[tail++] = q
          }
        }
      }
    }
    c.cx /= c.area
    c.cy /= c.area
    components.push(c)
  }
  return { labels, components }
}

/** Fills holes: unset regions that do not touch the image border become set. */
export function fillHoles(
  mask: Uint8Array,
  width: number,
  height: number,
  maxHoleArea = Infinity
): Uint8Array {
  const inv = new Uint8Array(mask.length)
  for (let i = 0; i < mask.length; i++) inv[i] = mask[i] ? 0 : 1
  const { labels, components } = labelComponents(inv, width, height)
  const hole = new Uint8Array(components.length + 1)
  for (const c of components) {
    const touches = c.x0 === 0 || c.y0 === 0 || c.x1 === width - 1 || c.y1 === height - 1
    hole[c.label] = !touches && c.area <= maxHoleArea ? 1 : 0
  }
  const out = new Uint8Array(mask.length)
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] || hole[labels[i]] ? 1 : 0
  return out
}
