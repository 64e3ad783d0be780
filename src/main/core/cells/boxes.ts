/** Boxes as the evaluation sees them: Pascal VOC ground truth and IoU matching. */

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x))
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  const inter = ix * iy
  const union = a.width * a.height + b.width * b.height - inter
  return union > 0 ? inter / union : 0
}

/** The boxes of one class in a Pascal VOC annotation (`xmin..xmax` inclusive pixel bounds, as BCCD writes). */
export function vocBoxes(xml: string, className: string): Box[] {
  const out: Box[] = []
  for (const obj of xml.split('<object>').slice(1)) {
    const name = /<name>\s*([^<]*?)\s*<\/name>/.exec(obj)?.[1]
    if (name !== className) continue
    const num = (tag: string): number =>
      Number(new RegExp(`<${tag}>\\s*([-\\d.]+)\\s*</${tag}>`).exec(obj)?.[1])
    const [x0, y0, x1, y1] = [num('xmin'), num('ymin'), num('xmax'), num('ymax')]
    if ([x0, y0, x1, y1].some((v) => !Number.isFinite(v))) continue
    out.push({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 })
  }
  return out
}

export interface MatchCounts {
  truePositives: number
  falsePositives: number
  falseNegatives: number
  /** Indices into `found` / `truth` left unmatched. */
  unmatchedFound: number[]
  unmatchedTruth: number[]
}

/** Greedy one-to-one matching, highest IoU first, counting a pair when IoU ≥ `minIou`. */
export function matchBoxes(found: Box[], truth: Box[], minIou = 0.5): MatchCounts {
  const pairs: { f: number; t: number; v: number }[] = []
  found.forEach((a, f) => truth.forEach((b, t) => pairs.push({ f, t, v: iou(a, b) })))
  pairs.sort((p, q) => q.v - p.v)
  const usedF = new Set<number>()
  const usedT = new Set<number>()
  for (const p of pairs) {
    if (p.v < minIou) break
    if (usedF.has(p.f) || usedT.has(p.t)) continue
    usedF.add(p.f)
    usedT.add(p.t)
  }
  return {
    truePositives: usedF.size,
    falsePositives: found.length - usedF.size,
    falseNegatives: truth.length - usedT.size,
    unmatchedFound: found.map((_, i) => i).filter((i) => !usedF.has(i)),
    unmatchedTruth: truth.map((_, i) => i).filter((i) => !usedT.has(i))
  }
}
