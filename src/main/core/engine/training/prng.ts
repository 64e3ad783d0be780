/**
 * Seeded randomness for training (Math.random is banned: every run must be reproducible from its seed).
 * mulberry32: 32-bit state, fast, good enough for shuffling and drawing sub-seeds.
 */
export class Prng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [0, 2^31): a seed for a TF.js op that takes one. */
  seed(): number {
    return Math.floor(this.next() * 2147483648)
  }

  /** A Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n)
    for (let i = 0; i < n; i++) p[i] = i
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const t = p[i]
      p[i] = p[j]
      p[j] = t
    }
    return p
  }
}
