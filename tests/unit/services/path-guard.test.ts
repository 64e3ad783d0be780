import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  PathGuard,
  PathNotAllowedError,
  isInside,
  parseImageQuery
} from '../../../src/main/services/path-guard'
import { useTmpDirs } from '../../helpers/tmp'

describe('PathGuard (what the image protocol may serve)', () => {
  const tmp = useTmpDirs()

  function layout() {
    const base = tmp()
    const data = join(base, 'data')
    const sibling = join(base, 'data-secret')
    mkdirSync(join(data, 'ALL'), { recursive: true })
    mkdirSync(sibling)
    writeFileSync(join(data, 'ALL', 'cell.png'), 'x')
    writeFileSync(join(sibling, 'secret.png'), 'x')
    writeFileSync(join(base, 'outside.txt'), 'x')
    return { base, data, sibling, guard: new PathGuard(() => [data]) }
  }

  it('serves a file inside an allowed folder', async () => {
    const { data, guard } = layout()
    expect(await guard.check(join(data, 'ALL', 'cell.png'))).toBe(join(data, 'ALL', 'cell.png'))
  })

  it('refuses ../ traversal out of the folder', async () => {
    const { data, guard } = layout()
    await expect(guard.check(`${data}/ALL/../../outside.txt`)).rejects.toThrow(PathNotAllowedError)
  })

  it('refuses a sibling folder whose name starts with the allowed one', async () => {
    const { sibling, guard } = layout()
    await expect(guard.check(join(sibling, 'secret.png'))).rejects.toThrow(PathNotAllowedError)
  })

  it('refuses a symlink inside the folder that points outside it', async () => {
    const { base, data, guard } = layout()
    symlinkSync(join(base, 'outside.txt'), join(data, 'ALL', 'link.png'))
    await expect(guard.check(join(data, 'ALL', 'link.png'))).rejects.toThrow(PathNotAllowedError)
  })

  it('refuses relative paths, NUL bytes and missing files', async () => {
    const { data, guard } = layout()
    await expect(guard.check('ALL/cell.png')).rejects.toThrow(/absolute/)
    await expect(guard.check(`${data}/ALL/cell.png\0.txt`)).rejects.toThrow(PathNotAllowedError)
    await expect(guard.check(join(data, 'nope.png'))).rejects.toThrow(PathNotAllowedError)
  })

  it('gives one answer for a missing file and a file it may not show, so the window cannot probe what exists', async () => {
    const { data, sibling, guard } = layout()
    const message = async (p: string): Promise<string> => {
      try {
        await guard.check(p)
      } catch (err) {
        return (err as Error).message.replace(p, '<path>')
      }
      return 'served'
    }
    expect(await message(join(sibling, 'secret.png'))).toBe(await message(join(data, 'nope.png')))
    expect(await message(join(sibling, 'no-such.png'))).toBe(await message(join(data, 'nope.png')))
  })

  it('decodes a percent-encoded ../ from a URL and still refuses it', async () => {
    const { data, guard } = layout()
    const url = new URL(
      `leukolens-img://img/?p=${encodeURIComponent(data)}%2FALL%2F%2e%2e%2F%2e%2e%2Foutside.txt`
    )
    const { path } = parseImageQuery(url.searchParams)
    expect(path).toContain('..')
    await expect(guard.check(path)).rejects.toThrow(PathNotAllowedError)
  })

  it('serves a single file the user picked, and nothing beside it', async () => {
    const { base, guard } = layout()
    writeFileSync(join(base, 'picked.png'), 'x')
    guard.allowFile(join(base, 'picked.png'))
    expect(await guard.check(join(base, 'picked.png'))).toBe(join(base, 'picked.png'))
    await expect(guard.check(join(base, 'outside.txt'))).rejects.toThrow(PathNotAllowedError)
  })

  it('rejects thumbnail sizes out of range', () => {
    expect(() => parseImageQuery(new URLSearchParams({ p: '/x', s: '999999' }))).toThrow(/bad size/)
    expect(parseImageQuery(new URLSearchParams({ p: '/x', s: '128' }))).toEqual({ path: '/x', size: 128 })
  })

  it('isInside compares whole path segments', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true)
    expect(isInside('/a/b', '/a/b/c')).toBe(true)
    expect(isInside('/a/b', '/a/bc')).toBe(false)
    expect(isInside('/a/b', '/a')).toBe(false)
  })
})
