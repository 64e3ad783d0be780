import { Command, CommanderError } from 'commander'
import { envOverrides, platformDataDir, type ConfigOverrides } from '../services/config'
import { CliContext, type CliEnvironment, type GlobalOptions } from './context'
import { COMMANDS } from './commands'
import { isUsageError, UsageError } from './errors'
import { VERSION } from './version'

export { UsageError } from './errors'

export function buildProgram(environment: CliEnvironment, contexts: CliContext[] = []): Command {
  const program = new Command('leukolens')
    .description(
      'Classify white-blood-cell images (ALL vs HEM), retrain on your own data, keep every result.'
    )
    .version(VERSION, '-V, --version', 'print the version')
    .option(
      '--data-dir <dir>',
      "data folder (default: $LEUKOLENS_DATA_DIR, else the one chosen in Settings, else the desktop app's folder)"
    )
    .option('--json', 'machine-readable output on stdout')
    .showHelpAfterError()
    .exitOverride()
  const context = (cmd: Command, flags: ConfigOverrides = {}): CliContext => {
    const ctx = new CliContext(cmd.optsWithGlobals() as GlobalOptions, environment, flags)
    contexts.push(ctx)
    return ctx
  }
  for (const register of COMMANDS) register(program, context)
  program.hook('preAction', (_program, action) => refuseEmptyValues(action))
  return program
}

/**
 * An empty or blank argument or option value is never meant: `models show ""` must not fall back to the active
 * model, nor `settings scan.flagThreshold ""` store 0. Refused for every command before it runs.
 */
function refuseEmptyValues(cmd: Command): void {
  cmd.registeredArguments.forEach((arg, i) => {
    const v = cmd.processedArgs[i] as unknown
    if (typeof v === 'string' && v.trim() === '')
      throw new UsageError(`${cmd.name()}: the ${arg.name()} argument is empty`)
  })
  for (const [key, v] of Object.entries(cmd.opts()))
    if (typeof v === 'string' && v.trim() === '') {
      const flag = cmd.options.find((o) => o.attributeName() === key)?.long ?? key
      throw new UsageError(`${cmd.name()}: ${flag} is empty`)
    }
}

/**
 * Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). The one place the command
 * line reads its environment: the LEUKOLENS_* overrides and the platform's default folder, passed down.
 */
export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env
): Promise<number> {
  const contexts: CliContext[] = []
  try {
    const program = buildProgram({ env: envOverrides(env), defaultDataDir: platformDataDir(env) }, contexts)
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    const e = contexts.reduce((x, c) => c.afterFailure(x), err) as Error
    process.stderr.write(`leukolens: ${e.message}\n`)
    if (env.LEUKOLENS_DEBUG) process.stderr.write(`${e.stack}\n`)
    return isUsageError(e) ? 2 : 1
  } finally {
    for (const c of contexts) c.close()
  }
}
