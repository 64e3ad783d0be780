import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeImageFile } from '../../src/main/core/images/decode'
import { sha256File } from '../../src/main/core/scan/files'
import { readImageHeader } from '../../src/main/core/trust/image-checks'
import { subjectSourceFrom } from '../../src/main/core/import/subjects'
import { readRegularFile, readRegularFileSync } from '../../src/main/core/files/regular-file'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()

/** A FIFO named where a file is expected: opening it for reading would wait for a writer for ever. */
function fifo(): string {
  const p = join(tmp(), 'cell.png')
  execFileSync('mkfifo', [p])
  return p
}

describe('files named by a person are read only when they are regular files', () => {
  it('a FIFO is refused at once, with its kind, by every reader of named files', async () => {
    const p = fifo()
    await expect(readRegularFile(p)).rejects.toThrow(/not a regular file \(a FIFO\)/)
    expect(() => readRegularFileSync(p)).toThrow(/not a regular file \(a FIFO\)/)
    await expect(sha256File(p)).rejects.toThrow(/not a regular file/)
    await expect(decodeImageFile(p)).rejects.toThrow(`${p}: not a regular file (a FIFO)`)
    expect(await readImageHeader(p)).toBeUndefined()
    expect(() => subjectSourceFrom({ subjectsCsv: p })).toThrow(/subjects file .*not a regular file/)
  })

  it('a regular file reads as before', async () => {
    const p = join(tmp(), 'a.csv')
    writeFileSync(p, 'file,subject\n')
    expect((await readRegularFile(p)).toString()).toBe('file,subject\n')
    expect(readRegularFileSync(p, 'utf8')).toBe('file,subject\n')
    await expect(readRegularFile(join(tmp(), 'gone'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
