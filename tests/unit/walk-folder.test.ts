import { mkdirSync, readdirSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { sqliteStore } from '../../src/main/core/db/store'
import { importFolder } from '../../src/main/core/import/import-folder'
import { listImageFiles } from '../../src/main/core/scan/files'
import type { SkippedFolder } from '../../src/main/core/import/walk-folder'
import { encodeBmp } from '../helpers/images'
import { useTmpDirs } from '../helpers/tmp'

const rgb = (seed: number) => Uint8Array.from({ length: 4 * 4 * 3 }, (_, i) => (i * seed + 11) & 255)

function put(root: string, rel: string, seed: number): void {
  const p = join(root, rel)
  mkdirSync(join(p, '..'), { recursive: true })
  writeFileSync(p, encodeBmp({ width: 4, height: 4, rgb: rgb(seed), bitsPerPixel: 24 }))
}

/**
 * A tree with a readable subfolder, one whose listing fails (tests run as root, for whom chmod 000 blocks nothing,
 * so the failure is injected where the directory is read), a symlink loop and a broken link.
 */
function hostileTree(root: string): (dir: string) => Dirent[] {
  put(root, 'a.bmp', 3)
  put(root, 'sub/b.bmp', 5)
  put(root, 'locked/c.bmp', 7)
  symlinkSync(root, join(root, 'sub', 'loop'))
  symlinkSync(join(root, 'nowhere'), join(root, 'gone'))
  return (dir) => {
    if (basename(dir) === 'locked')
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' })
    return readdirSync(dir, { withFileTypes: true })
  }
}

describe('unreadable subfolders and symlink loops', () => {
  const tmp = useTmpDirs()

  it('import names each skipped folder with its reason and imports the rest', async () => {
    const root = tmp()
    const readDir = hostileTree(root)
    const db = openDatabase(':memory:')
    const s = await importFolder(sqliteStore(db), { folder: root, name: 'hostile', split: false, readDir })
    expect(s.added).toBe(2)
    // Folders are listed apart from skipped files (ImportSummary.skippedFolders), which they are not among.
    expect(s.skipped).toEqual([])
    expect(s.skippedFolders).toEqual([
      { path: 'gone', reason: 'broken link' },
      { path: 'locked', reason: 'cannot read folder (EACCES)' },
      { path: 'sub/loop', reason: expect.stringMatching(/^symlink loop \(leads back to /) as string }
    ])
    db.close()
  })

  it('a recursive scan lists the readable images and reports each skipped folder', () => {
    const root = tmp()
    const readDir = hostileTree(root)
    const skipped: SkippedFolder[] = []
    const files = listImageFiles(root, true, { readDir, onSkip: (f) => skipped.push(f) })
    expect(files).toEqual([join(root, 'a.bmp'), join(root, 'sub', 'b.bmp')])
    expect(skipped.map((f) => [f.path, f.reason.split(' (')[0]])).toEqual([
      [join(root, 'gone'), 'broken link'],
      [join(root, 'locked'), 'cannot read folder'],
      [join(root, 'sub', 'loop'), 'symlink loop']
    ])
  })

  it('a link that points to itself (ELOOP) and a FIFO are named and skipped; the ten images are listed', () => {
    const root = tmp()
    for (let i = 0; i < 10; i++) put(root, `cell-${i}.bmp`, i + 1)
    symlinkSync(join(root, 'self.bmp'), join(root, 'self.bmp'))
    symlinkSync(join(root, 'pong.bmp'), join(root, 'ping.bmp'))
    symlinkSync(join(root, 'ping.bmp'), join(root, 'pong.bmp'))
    execFileSync('mkfifo', [join(root, 'pipe.bmp')])
    symlinkSync(join(root, 'pipe.bmp'), join(root, 'to-pipe.bmp'))
    for (const recursive of [false, true]) {
      const skipped: SkippedFolder[] = []
      const files = listImageFiles(root, recursive, { onSkip: (f) => skipped.push(f) })
      expect(files).toHaveLength(10)
      expect(skipped.map((f) => [basename(f.path), f.reason.split(' (')[0]])).toEqual([
        ['ping.bmp', 'symlink loop'],
        ['pipe.bmp', 'not a regular file'],
        ['pong.bmp', 'symlink loop'],
        ['self.bmp', 'symlink loop'],
        ['to-pipe.bmp', 'not a regular file']
      ])
    }
  })
})
