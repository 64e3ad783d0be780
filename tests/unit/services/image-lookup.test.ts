import { beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/core/db/database'
import { imageSha256 } from '../../../src/main/services/review'
import type { ServiceContext } from '../../../src/main/services/context'
import { recordScannedCell } from '../../helpers/scanned-cell'
import { storeOf } from '../../helpers/scan-store'

/** An image named by the first characters of its SHA-256, as `history` prints them (12). */
describe('a SHA-256 prefix names an image', () => {
  const db = openDatabase(':memory:')
  const a = `abcdef0123${'1'.repeat(54)}`
  const b = `abcdef0199${'2'.repeat(54)}`
  const ctx = { db, store: storeOf(db) } as ServiceContext
  beforeAll(async () => {
    await recordScannedCell(db, { folder: '/cells', path: '/cells/a.bmp', sha256: a, pAll: 0.7 })
    await recordScannedCell(db, { folder: '/cells', path: '/cells/b.bmp', sha256: b, pAll: 0.6 })
  })

  it('finds the one image a prefix names, in either case', async () => {
    expect(await imageSha256(ctx, a.slice(0, 12))).toBe(a)
    expect(await imageSha256(ctx, b.slice(0, 12).toUpperCase())).toBe(b)
  })

  it('says when a prefix names several images, or none, or is too short', async () => {
    await expect(imageSha256(ctx, 'abcdef01')).rejects.toThrow(
      "abcdef01 is the start of 2 scanned images' SHA-256 (abcdef012311, abcdef019922): give more characters"
    )
    await expect(imageSha256(ctx, 'fedcba987654')).rejects.toThrow(
      /no scanned image has a SHA-256 starting with/
    )
    await expect(imageSha256(ctx, 'abc')).rejects.toThrow(/needs 6 characters or more/)
  })
})
