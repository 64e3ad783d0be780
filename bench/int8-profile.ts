/**
 * `tsx bench/int8-profile.ts MODEL.onnx [MODEL2.onnx…]` — where an ONNX graph spends its time, by operator type,
 * from ONNX Runtime's own profiler (batch 8, 2 intra-op threads, 3 timed runs after a warm-up). Used to see what
 * the float islands of an int8 graph cost against its integer convolutions. Prints a table per model.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { loadOrt } from '../src/main/core/onnx/runtime'
import { randomImages, SIZE } from './onnx-common'

interface ProfileEvent {
  cat: string
  name: string
  dur: number
  args?: { op_name?: string }
}

async function profile(path: string): Promise<void> {
  const ort = loadOrt()
  const session = await ort.InferenceSession.create(path, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 2,
    enableProfiling: true,
    profileFilePrefix: `/tmp/leukolens-int8-profile-${process.pid}`,
    extra: { session: { intra_op: { allow_spinning: '0' } } }
  })
  const batch = 8
  const x = new ort.Tensor('float32', randomImages(batch, 1), [batch, SIZE, SIZE, 3])
  for (let i = 0; i < 4; i++) await session.run({ [session.inputNames[0]]: x })
  session.endProfiling()
  await session.release()
  // ORT names the file `<prefix>_<timestamp>.json`.
  const prefix = `leukolens-int8-profile-${process.pid}`
  const name = readdirSync('/tmp').find((f) => f.startsWith(prefix) && f.endsWith('.json'))
  if (!name) throw new Error(`ONNX Runtime wrote no profile under /tmp/${prefix}*`)
  const file = join('/tmp', name)
  const events = JSON.parse(readFileSync(file, 'utf8')) as ProfileEvent[]
  rmSync(file, { force: true })
  const byOp = new Map<string, { us: number; count: number }>()
  let runs = 0
  for (const e of events) {
    if (e.cat === 'Session' && e.name === 'model_run') runs++
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue
    const op = e.args?.op_name ?? '?'
    const s = byOp.get(op) ?? { us: 0, count: 0 }
    s.us += e.dur
    s.count++
    byOp.set(op, s)
  }
  // The first run is the warm-up: counts and times are over all runs, so shares are what matter.
  const total = [...byOp.values()].reduce((a, s) => a + s.us, 0)
  console.log(
    `\n${basename(path)}: ${runs} runs of batch ${batch}, operator time summed over threads' kernels`
  )
  for (const [op, s] of [...byOp].sort((a, b) => b[1].us - a[1].us))
    console.log(
      `  ${op.padEnd(24)} ${((s.us / total) * 100).toFixed(1).padStart(5)} %  ${(s.us / 1000 / runs).toFixed(1).padStart(8)} ms/run  ${String(s.count / runs).padStart(5)} nodes`
    )
}

async function main(): Promise<void> {
  for (const p of process.argv.slice(2)) await profile(p)
}
main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
