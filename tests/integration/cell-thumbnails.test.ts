/**
 * The small picture kept of every predicted cell: what it is, and that the window is shown it when the image
 * file itself is out of reach (another workstation, a folder that is not mounted).
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { storedCellPicture } from '../../src/main/core/blobs/cell-copy'
import {
  cellCopiesFor,
  cellThumbnail,
  recordThumbnails,
  recordThumbnailsOfFiles,
  THUMBNAIL_SIZE
} from '../../src/main/core/blobs/thumbnail'
import { openDatabase } from '../../src/main/core/db/database'
import { sqliteStore } from '../../src/main/core/db/store'
import { resizeRgb } from '../../src/main/core/images/preprocess'
import { sha256Of } from '../../src/main/core/db/queries/blobs'
import { decodeImageFile } from '../../src/main/core/images/decode'
import { edgeConfig } from '../../src/main/services/config'
import { createHost, type HostMessage } from '../../src/main/services/host'
import { openServiceSession, type ServiceSession } from '../../src/main/services/session'
import { recordScannedCell } from '../helpers/scanned-cell'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const BMP = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/all/UID_2_1_1_all.bmp')

describe('cell thumbnails', () => {
  it('are small JPEGs of the cell, from BMP as from PNG, never enlarged', async () => {
    const t = await cellThumbnail(readFileSync(BMP), BMP)
    const meta = await sharp(t).metadata()
    expect(meta).toMatchObject({ format: 'jpeg', width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE })
    expect(t.length).toBeLessThan(8 * 1024)
    // The picture is the cell's: the same mean colour as the original within a few levels.
    const original = await decodeImageFile(BMP)
    const small = await sharp(t).stats()
    for (let ch = 0; ch < 3; ch++) {
      let sum = 0
      for (let i = ch; i < original.data.length; i += 3) sum += original.data[i]
      expect(Math.abs(small.channels[ch].mean - sum / (original.data.length / 3))).toBeLessThan(4)
    }
    const tiny = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a05070' } })
      .png()
      .toBuffer()
    expect(await sharp(await cellThumbnail(tiny)).metadata()).toMatchObject({ width: 40, height: 30 })
    await expect(cellThumbnail(Buffer.from('not an image'), 'x.png')).rejects.toThrow(/x\.png/)
  })

  it("keep a lossless copy of the model input: of flagged cells on a workstation's SQLite file", async () => {
    const db = openDatabase(':memory:')
    const store = sqliteStore(db, ':memory:')
    try {
      const hem = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/hem/UID_H1_1_1_hem.bmp')
      const images = [
        { path: BMP, bytes: readFileSync(BMP), sha256: sha256Of(readFileSync(BMP)), flagged: true },
        { path: hem, bytes: readFileSync(hem), sha256: sha256Of(readFileSync(hem)), flagged: false }
      ]
      const input = { inputSize: 224, resize: 'antialias' } as const
      expect(await recordThumbnails(store, 1, images, cellCopiesFor(store, input))).toBe(2)
      const copies = await store.k.selectFrom('cell_copies').selectAll().execute()
      expect(copies).toEqual([
        { image_sha256: images[0].sha256, side: 224, resize: 'antialias', blob_sha256: copies[0].blob_sha256 }
      ])
      // Exactly the pixels the model reads: the original resized as a scan resizes it, not one level off.
      const picture = await storedCellPicture(store.k, images[0].sha256, input)
      expect(picture).toMatchObject({ kind: 'input', side: 224, exact: true })
      const expected = resizeRgb(await decodeImageFile(BMP), 224, 'antialias')
      expect(Buffer.compare(Buffer.from(picture!.pixels.data), Buffer.from(expected.data))).toBe(0)
      // The unflagged cell: no copy on SQLite (the thumbnail is what a missing file falls back to).
      expect(await storedCellPicture(store.k, images[1].sha256, input)).toBeUndefined()
      // On a shared store every predicted cell gets one.
      expect(cellCopiesFor({ ...store, engine: 'postgres' }, input).wantsCopy(false)).toBe(true)
    } finally {
      await store.close()
      db.close()
    }
  })

  describe('in the window', () => {
    let session: ServiceSession | undefined
    afterEach(() => session?.close())

    it('shows the stored thumbnail when the scanned file is gone, and still refuses what was never scanned', async () => {
      const root = tmp()
      session = openServiceSession({
        edge: edgeConfig({ dataDir: join(root, 'data') }, {}, join(root, '.default')),
        version: 'test',
        dialogs: { open: async () => [], save: async () => null }
      })
      const { ctx } = session
      const folder = join(root, 'cells')
      mkdirSync(folder)
      const path = join(folder, 'cell.bmp')
      copyFileSync(BMP, path)
      const sha256 = sha256Of(readFileSync(path))
      const scan = await recordScannedCell(ctx.db, { folder, path, sha256, pAll: 0.9 })
      expect(await recordThumbnailsOfFiles(ctx.store, scan.id, [{ sha256, path, flagged: true }])).toBe(1)

      const replies: HostMessage[] = []
      const host = createHost(session, (m) => void replies.push(m))
      const image = async (p: string, size?: number) => {
        await host({ kind: 'image', id: replies.length, path: p, size })
        return replies[replies.length - 1] as Extract<HostMessage, { kind: 'image' }>
      }

      // The file is here: it is what is shown (450 px, re-encoded from BMP).
      const full = await image(path)
      expect(full).toMatchObject({ ok: true, mime: 'image/png' })
      expect((await sharp(Buffer.from((full as { bytes: Uint8Array }).bytes)).metadata()).width).toBe(450)

      // The folder is gone (unmounted, another workstation): the cell is still seen, from the database.
      rmSync(folder, { recursive: true })
      const fallback = await image(path, 256)
      expect(fallback).toMatchObject({ ok: true, mime: 'image/jpeg' })
      const shown = await sharp(Buffer.from((fallback as { bytes: Uint8Array }).bytes)).metadata()
      expect(shown).toMatchObject({ format: 'jpeg', width: THUMBNAIL_SIZE })

      // A path no scan saw is refused as before, with the same sentence for missing and not allowed.
      const never = await image(join(folder, 'other.bmp'))
      expect(never).toMatchObject({ ok: false, status: 403 })
      expect((never as { error: { message: string } }).error.message).toMatch(/not available/)
    })
  })
})
