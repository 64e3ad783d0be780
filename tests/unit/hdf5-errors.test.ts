import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTmpDirs } from '../helpers/tmp'

/**
 * The HDF5 C library prints its error stack to the process's stderr, below anything vitest can intercept, so the
 * open runs in a child process and the test reads what that process wrote.
 */
describe('a corrupt HDF5 file', () => {
  const tmp = useTmpDirs()

  it('fails with one sentence naming the file and HDF5’s cause, and prints no HDF5-DIAG dump', () => {
    const dir = tmp()
    const file = join(dir, 'broken.weights.h5')
    // The HDF5 signature followed by garbage: the superblock cannot be decoded.
    writeFileSync(file, Buffer.concat([Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'), Buffer.alloc(2048, 0x5a)]))
    const script = join(dir, 'open.ts')
    writeFileSync(
      script,
      `import { openH5 } from ${JSON.stringify(resolve('src/main/core/engine/keras/hdf5.ts'))}
openH5(${JSON.stringify(file)}).then(
  () => console.log('OPENED'),
  (err) => console.log('ERROR ' + err.message)
)
`
    )
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 120_000 })
    expect(r.stderr).not.toMatch(/HDF5-DIAG/)
    const line = r.stdout.trim()
    expect(line.split('\n')).toHaveLength(1)
    expect(line).toContain(file)
    expect(line).toMatch(/cannot open as HDF5 \(bad superblock version number\)/)
  })
})
