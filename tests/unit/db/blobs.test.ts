import { describe, expect, it } from 'vitest'
import {
  deleteStoredFiles,
  getBlob,
  putBlob,
  putStoredFiles,
  sha256Of,
  storedFiles
} from '../../../src/main/core/db/queries/blobs'
import { ENGINES, useStores } from '../../helpers/engines'

describe.each(ENGINES)('the content-addressed store on %s', (engine) => {
  const open = useStores(engine)

  it('stores bytes under their sha256 once, and gives them back byte for byte', async () => {
    const store = await open()
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256)
    const sha = await putBlob(store.k, bytes)
    expect(sha).toBe(sha256Of(bytes))
    // The same content again is no error and no second row.
    expect(await putBlob(store.k, bytes.slice())).toBe(sha)
    const rows = await store.k.selectFrom('blobs').select(['sha256', 'size']).execute()
    expect(rows).toEqual([{ sha256: sha, size: 3000 }])
    const back = await getBlob(store.k, sha)
    expect(back && Buffer.compare(back, Buffer.from(bytes))).toBe(0)
    expect(await getBlob(store.k, 'f'.repeat(64))).toBeUndefined()
  })

  it("records which blob each file of a folder holds; a file's record can be replaced, a folder forgotten", async () => {
    const store = await open()
    const a = await putBlob(store.k, Buffer.from('head json'))
    const b = await putBlob(store.k, Buffer.from('head weights'))
    await putStoredFiles(store.k, 'models/m1', [
      { name: 'weights.bin', sha256: b, size: 12 },
      { name: 'model.json', sha256: a, size: 9 }
    ])
    await putStoredFiles(store.k, 'models/m1', [{ name: 'model.json', sha256: b, size: 12 }])
    expect(await storedFiles(store.k, 'models/m1')).toEqual([
      { name: 'model.json', sha256: b, size: 12 },
      { name: 'weights.bin', sha256: b, size: 12 }
    ])
    expect(await storedFiles(store.k, 'models/m2')).toEqual([])
    await deleteStoredFiles(store.k, 'models/m1')
    expect(await storedFiles(store.k, 'models/m1')).toEqual([])
    // The blobs stay: another folder may hold the same bytes.
    expect(await getBlob(store.k, a)).toBeDefined()
  })

  it('refuses a file record whose blob is not stored', async () => {
    const store = await open()
    await expect(
      putStoredFiles(store.k, 'models/m1', [{ name: 'x', sha256: 'e'.repeat(64), size: 1 }])
    ).rejects.toThrow(/foreign key|FOREIGN KEY/i)
  })
})
