import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { BACKEND_NAMES, TFJS_BACKENDS } from '../../src/main/core/engine/backend'
import type { BackendInfo } from '../../src/shared/types/engine'
import type { OnnxRuntimeStatus } from '../../src/shared/types/onnx'
import { runCli } from '../helpers/cli'
import { useTmpDirs } from '../helpers/tmp'

const BIN = resolve(__dirname, '../../bin/leukolens.mjs')
const execFileAsync = promisify(execFile)

interface DoctorJson {
  backend: BackendInfo & { onnx: OnnxRuntimeStatus }
  extraction: { forced: { name: string; by: string } | null }
}

/**
 * `--backend` on the command line is LEUKOLENS_BACKEND for one command: the same names, the same effect, and an
 * unknown name is refused with the list of accepted ones.
 */
describe('leukolens doctor / features --backend', () => {
  const tmp = useTmpDirs()
  const saved = process.env.LEUKOLENS_BACKEND
  afterEach(() => {
    if (saved === undefined) delete process.env.LEUKOLENS_BACKEND
    else process.env.LEUKOLENS_BACKEND = saved
  })

  it('accepts onnxruntime like LEUKOLENS_BACKEND=onnxruntime, and says what it forces', async () => {
    delete process.env.LEUKOLENS_BACKEND
    const data = tmp()
    const flag = await runCli('--data-dir', data, '--json', 'doctor', '--backend', 'onnxruntime')
    expect(flag.err).toBe('')
    expect(flag.code).toBe(0)
    const byFlag = JSON.parse(flag.out) as DoctorJson
    expect(byFlag.extraction.forced).toEqual({ name: 'onnxruntime', by: '--backend' })
    // onnxruntime forces only the frozen backbones: TF.js (head, Grad-CAM) still starts as it would unforced.
    expect(TFJS_BACKENDS).toContain(byFlag.backend.name)
    expect(byFlag.backend.chosenBy).toBe('auto')

    process.env.LEUKOLENS_BACKEND = 'onnxruntime'
    const env = JSON.parse((await runCli('--data-dir', data, '--json', 'doctor')).out) as DoctorJson
    expect(env.extraction.forced).toEqual({ name: 'onnxruntime', by: 'LEUKOLENS_BACKEND' })
    expect(env.backend).toEqual(byFlag.backend)

    delete process.env.LEUKOLENS_BACKEND
    const human = await runCli('--data-dir', data, 'doctor', '--backend', 'onnxruntime')
    expect(human.code).toBe(0)
    expect(human.out).toMatch(
      byFlag.backend.onnx.available
        ? /^extraction {3}onnxruntime, forced by --backend: every backbone runs on ONNX Runtime/m
        : /^extraction {3}onnxruntime, forced by --backend, but ONNX Runtime cannot load here/m
    )
  })

  it('forces a TF.js backend by flag as by the variable (a fresh process, as a user runs it)', async () => {
    // A separate process: in this one TF.js has already started, and the engine keeps its first choice's record.
    const env = { ...process.env }
    delete env.LEUKOLENS_BACKEND
    const { stdout } = await execFileAsync(
      BIN,
      ['--data-dir', tmp(), '--json', 'doctor', '--backend', 'wasm'],
      { env }
    )
    const j = JSON.parse(stdout) as DoctorJson
    expect(j.extraction.forced).toEqual({ name: 'wasm', by: '--backend' })
    expect(j.backend).toMatchObject({ name: 'wasm', chosenBy: 'forced' })
    // The human report must not claim ONNX Runtime runs the backbones when a TF.js backend is forced.
    const human = (await execFileAsync(BIN, ['--data-dir', tmp(), 'doctor', '--backend', 'wasm'], { env }))
      .stdout
    expect(human).toMatch(/^extraction {3}wasm, forced by --backend: ONNX Runtime is not used$/m)
    if (j.backend.onnx.available)
      expect(human).toMatch(/^onnx {9}onnxruntime .* — not used: --backend forces wasm$/m)
  })

  it('refuses an unknown backend name with the accepted names, in doctor and in features extract', async () => {
    delete process.env.LEUKOLENS_BACKEND
    const accepted = BACKEND_NAMES.join(', ')
    expect(accepted).toContain('onnxruntime')
    const doctor = await runCli('--data-dir', tmp(), 'doctor', '--backend', 'cuda')
    expect(doctor.code).toBe(2)
    expect(doctor.err).toBe(`leukolens: invalid --backend "cuda": expected one of ${accepted}\n`)
    const features = await runCli(
      '--data-dir',
      tmp(),
      'features',
      'extract',
      '--dataset',
      'x',
      '--backbone',
      'y',
      '--backend',
      'cpu'
    )
    expect(features.code).toBe(2)
    expect(features.err).toBe(`leukolens: invalid --backend "cpu": expected one of ${accepted}\n`)
    // The variable refuses the same name with the same list, and the same exit code: the same kind of mistake.
    process.env.LEUKOLENS_BACKEND = 'cuda'
    const env = await runCli('--data-dir', tmp(), 'doctor')
    expect(env.code).toBe(2)
    expect(env.err).toBe(`leukolens: LEUKOLENS_BACKEND=cuda is not one of ${accepted}\n`)
  })
})
