import type { Command } from 'commander'
import { availableParallelism, cpus, totalmem } from 'node:os'
import type { BackendName } from '../../../shared/types/engine'
import type { OnnxRuntimeStatus } from '../../../shared/types/onnx'
import { ENV, type Config } from '../../services/config'
import { BACKEND_FLAG_HELP, backendFlag } from '../flags'
import type { RegisterCommand } from './register'

/** Which backend the configuration forces, and by what (the flag, the variable or the stored setting). */
interface ForcedBackend {
  name: BackendName
  by: '--backend' | 'LEUKOLENS_BACKEND' | 'the backend setting'
}

function forcedBy(config: Config): ForcedBackend | undefined {
  if (config.backend === 'auto') return undefined
  const source = config.sources.backend
  const by = source === 'flag' ? '--backend' : source === 'environment' ? ENV.backend : 'the backend setting'
  return { name: config.backend, by }
}

/**
 * What runs the frozen backbones (extraction, scans) under this choice — the same rule as the engine's runner
 * selection (engine/runners.ts, onnx/runner-selector.ts), said in one line.
 */
function extractionLine(forced: ForcedBackend | undefined, tfjs: string, onnx: OnnxRuntimeStatus): string {
  if (!forced)
    return `extraction   fastest available: ONNX Runtime for the backbones marked ready below, else TF.js ${tfjs}`
  const head = `extraction   ${forced.name}, forced by ${forced.by}`
  if (forced.name !== 'onnxruntime') return `${head}: ONNX Runtime is not used`
  if (!onnx.available)
    return `${head}, but ONNX Runtime cannot load here (${onnx.why}): scans and feature extraction will fail`
  const unsupported = onnx.backbones.filter((b) => b.state === 'unsupported').map((b) => b.name)
  return (
    `${head}: every backbone runs on ONNX Runtime (exported on first use)` +
    (unsupported.length
      ? `; scans and extraction with ${unsupported.join(', ')} will fail (not exportable, see below)`
      : '')
  )
}

/** Which store this configuration selects, and by what; a PostgreSQL URL only with its password masked. */
function databaseReport(
  config: Config,
  sqliteFile: string
): { engine: 'postgres' | 'sqlite'; url?: string; file?: string; from: string } {
  const source = config.sources.databaseUrl
  if (!config.database) return { engine: 'sqlite', file: sqliteFile, from: source }
  const from =
    source === 'flag' ? '--database' : source === 'environment' ? ENV.databaseUrl : 'the databaseUrl setting'
  return { engine: 'postgres', url: config.database.masked, from }
}

function databaseLine(d: ReturnType<typeof databaseReport>): string {
  return d.engine === 'sqlite'
    ? `database     SQLite ${d.file} (no shared database chosen)`
    : `database     PostgreSQL ${d.url}, chosen by ${d.from}`
}

/** `leukolens doctor`: which compute backend runs here, how parallel, and why the faster ones do not. */
export const registerDoctor: RegisterCommand = (program, context) => {
  program
    .command('doctor')
    .description(
      'Show the compute backend in use, its version, threads/workers, GPU, and why faster backends are unavailable'
    )
    .option('--backend <name>', BACKEND_FLAG_HELP)
    .action(async (opts: { backend?: string }, cmd: Command) => {
      const ctx = context(cmd, { backend: backendFlag(opts.backend) })
      const config = ctx.config()
      const forced = forcedBy(config)
      // The app's own call: TF.js as the configuration starts it (`onnxruntime` forces only the frozen backbones),
      // with ONNX Runtime's state per backbone.
      const backend = await ctx.call('doctor:backend')
      const info = { ...backend, onnx: backend.onnx! } // doctor:backend always reports ONNX Runtime's state
      const backbones = await ctx.call('backbones:list')
      const { formatOnnxStatus } = await import('../../core/onnx/status')
      const { formatInt8Status, int8Status } = await import('../../services/quantize')
      const report = {
        backend: info,
        extraction: { forced: forced ?? null },
        node: process.version,
        cpu: { model: cpus()[0]?.model ?? 'unknown', cores: availableParallelism() },
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        dataDir: ctx.dirs.root,
        database: databaseReport(config, ctx.dirs.db),
        backbones: backbones.map((b) => ({
          name: b.name,
          kind: b.kind,
          precision: b.precision,
          featureDim: b.featureDim
        })),
        int8: int8Status(ctx.ctx)
      }
      ctx.print(report, () =>
        [
          // Two engines: TF.js always runs head training and Grad-CAM; the frozen backbones run on ONNX Runtime
          // when their export is ready (the onnx line below), else on this same TF.js backend.
          `tfjs         ${info.name} ${info.version} (${info.chosenBy === 'forced' ? 'forced' : 'fastest TF.js backend available'}): head training, Grad-CAM, backbones not on ONNX`,
          extractionLine(forced, info.name, info.onnx),
          `parallelism  TF.js: ${info.threads} thread(s) per engine, ${info.workers} extraction worker(s)`,
          `gpu          ${info.gpu ?? 'none'}`,
          `cpu          ${report.cpu.model}, ${report.cpu.cores} core(s), ${report.memoryGiB} GiB`,
          `node         ${report.node}`,
          `data         ${report.dataDir}`,
          databaseLine(report.database),
          `backbones    ${report.backbones.map((b) => b.name).join(', ') || 'none (leukolens backbone add / fetch)'}`,
          ...(info.unavailable.length ? ['not used:'] : []),
          ...info.unavailable.map((u) => `  ${u.name}: ${u.why}`),
          ...formatOnnxStatus(
            info.onnx,
            forced && forced.name !== 'onnxruntime' ? `${forced.by} forces ${forced.name}` : undefined
          ),
          ...formatInt8Status(report.int8)
        ].join('\n')
      )
    })
}
