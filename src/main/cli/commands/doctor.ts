import type { Command } from 'commander'
import { availableParallelism, cpus, totalmem } from 'node:os'
import { initBackend, backendFromEnv, TFJS_BACKENDS, type TfjsBackendName } from '../../core/engine/backend'
import { listBackbones } from '../../core/engine/backbones/registry'
import { formatOnnxStatus, onnxDoctorStatus } from '../../core/onnx/status'
import { UsageError } from '../index'
import type { RegisterCommand } from './index'

/** `leukolens doctor`: which compute backend runs here, how parallel, and why the faster ones do not. */
export const registerDoctor: RegisterCommand = (program, context) => {
  program
    .command('doctor')
    .description('Show the compute backend in use, its version, threads/workers, GPU, and why faster backends are unavailable')
    .option('--backend <name>', `force a backend (${TFJS_BACKENDS.join('|')}); default $LEUKOLENS_BACKEND or the fastest that works`)
    .action(async (opts: { backend?: string }, cmd: Command) => {
      const ctx = context(cmd)
      if (opts.backend && !(TFJS_BACKENDS as readonly string[]).includes(opts.backend))
        throw new UsageError(`--backend ${opts.backend}: choose one of ${TFJS_BACKENDS.join(', ')}`)
      const tfjs = await initBackend((opts.backend as TfjsBackendName | undefined) ?? backendFromEnv())
      const info = { ...tfjs, onnx: onnxDoctorStatus(ctx.db, ctx.dirs) }
      const report = {
        backend: info,
        node: process.version,
        cpu: { model: cpus()[0]?.model ?? 'unknown', cores: availableParallelism() },
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        dataDir: ctx.dirs.root,
        backbones: listBackbones(ctx.db).map((b) => ({ name: b.name, kind: b.kind, featureDim: b.featureDim }))
      }
      ctx.print(report, () =>
        [
          // Two engines: TF.js always runs head training and Grad-CAM; the frozen backbones run on ONNX Runtime
          // when their export is ready (the onnx line below), else on this same TF.js backend.
          `tfjs         ${info.name} ${info.version} (${info.chosenBy === 'forced' ? 'forced' : 'fastest TF.js backend available'}): head training, Grad-CAM, backbones not on ONNX`,
          `parallelism  ${info.threads} thread(s) per engine, ${info.workers} extraction worker(s)`,
          `gpu          ${info.gpu ?? 'none'}`,
          `cpu          ${report.cpu.model}, ${report.cpu.cores} core(s), ${report.memoryGiB} GiB`,
          `node         ${report.node}`,
          `data         ${report.dataDir}`,
          `backbones    ${report.backbones.map((b) => b.name).join(', ') || 'none (leukolens backbone add / fetch)'}`,
          ...(info.unavailable.length ? ['not used:'] : []),
          ...info.unavailable.map((u) => `  ${u.name}: ${u.why}`),
          ...formatOnnxStatus(info.onnx)
        ].join('\n')
      )
    })
}
