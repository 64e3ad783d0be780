import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()

/** TF.js's notes to its developers ("Hi, looks like you are running TensorFlow.js in Node.js…") never reach a user. */
describe("TF.js's console notes", () => {
  it('are silenced wherever the engine imports TF.js, even on the pure-JS backend that prints them', () => {
    const script = join(tmp(), 'first-tensor.mts')
    const tf = resolve(__dirname, '../../src/main/core/engine/tf.ts')
    writeFileSync(
      script,
      `import { tf } from ${JSON.stringify(tf)}\nawait tf.setBackend('cpu')\ntf.tensor([1, 2]).dataSync()\nconsole.log('ok')\n`
    )
    const tsx = resolve(__dirname, '../../node_modules/.bin/tsx')
    const r = spawnSync(tsx, [script], { encoding: 'utf8' })
    expect(r.stdout).toBe('ok\n')
    expect(r.stderr).not.toMatch(/looks like you are running TensorFlow\.js/)
    expect(r.stderr).toBe('')
  })
})
