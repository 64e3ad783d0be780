import { Command, CommanderError } from 'commander'
import { CliContext, type GlobalOptions } from './context'
import { COMMANDS } from './commands'

/** A failure the user caused (bad path, bad flag value): printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export function buildProgram(contexts: CliContext[] = []): Command {
  const program = new Command('leukolens')
    .description('Classify white-blood-cell images (ALL vs HEM), retrain on your own data, keep every result.')
    .option('--data-dir <dir>', 'data folder (default: $LEUKOLENS_DATA_DIR or the desktop app\'s folder)')
    .option('--json', 'machine-readable output on stdout')
    .showHelpAfterError()
    .exitOverride()
  const context = (cmd: Command): CliContext => {
    const ctx = new CliContext(cmd.optsWithGlobals() as GlobalOptions)
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
    if (typeof v === 'string' && v.trim() === '') throw new UsageError(`${cmd.name()}: the ${arg.name()} argument is empty`)
  })
  for (const [key, v] of Object.entries(cmd.opts()))
    if (typeof v === 'string' && v.trim() === '') {
      const flag = cmd.options.find((o) => o.attributeName() === key)?.long ?? key
      throw new UsageError(`${cmd.name()}: ${flag} is empty`)
    }
}

/** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  const contexts: CliContext[] = []
  const program = buildProgram(contexts)
  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    const e = err as Error
    process.stderr.write(`leukolens: ${e.message}\n`)
    if (process.env.LEUKOLENS_DEBUG) process.stderr.write(`${e.stack}\n`)
    return e instanceof UsageError ? 2 : 1
  } finally {
    for (const c of contexts) c.close()
  }
}
