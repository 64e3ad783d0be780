/**
 * Marker-controlled watershed on a distance map: regions grow from their markers over the set pixels of a
 * mask, the deepest (farthest from the edge) pixels first, so two touching round objects meet at their neck.
 */

/** A binary max-heap of pixel indices keyed by a float priority. */
class MaxHeap {
  private idx: number[] = []
  private key: number[] = []
  get size(): number {
    return this.idx.length
  }
  push(i: number, k: number): void {
    const a = this.idx
    const b = this.key
    let n = a.length
    a.push(i)
    b.push(k)
    while (n > 0) {
      const p = (n - 1) >> 1
      if (b[p] >= k) break
      a[n] = a[p]
      b[n] = b[p]
      n = p
    }
    a[n] = i
    b[n] = k
  }
  pop(): number {
    const a = this.idx
    const b = this.key
    const top = a[0]
    const li = a.pop() as number
    const lk = b.pop() as number
    const n = a.length
    if (n > 0) {
      let j = 0
      for (;;) {
        let c = 2 * j + 1
        if (c >= n) break
        if (c + 1 < n && b[c + 1] > b[c]) c++
        if (b[c] <= lk) break
        a[j] = a[c]
        b[j] = b[c]
        j = c
      }
      a[j] = li
      b[j] = lk
    }
    return top
  }
}

/**
 * Labels every set pixel of `mask` reachable from a marker (markers: pixel index → label ≥ 1) with the label
 * of the marker whose flood reaches it first, deepest `relief` first. Unreached pixels stay 0.
 */
export function watershed(
  mask: Uint8Array,
  relief: Float32Array,
  width: number,
  height: number,
  markers: ReadonlyArray<{ index: number; label: number }>
): Int32Array {
  const labels = new Int32Array(mask.length)
  const heap = new MaxHeap()
  for (const m of markers) {
    labels[m.index] = m.label
    heap.push(m.index, relief[m.index])
  }
  while (heap.size > 0) {
    const p = heap.pop()
    const x = p % width
    const y = (p - x) / width
    const label = labels[p]
    for (let dy = -1; dy <= 1; dy++) {
      const ny = y + dy
      if (ny < 0 || ny >= height) continue
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx
        if (nx < 0 || nx >= width) continue
        const q = ny * width + nx
        if (mask[q] && !labels[q]) {
          labels[q] = label
          heap.push(q, relief[q])
        }
      }
    }
  }
  return labels
}
