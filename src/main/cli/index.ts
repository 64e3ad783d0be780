import { Command, CommanderError, Help } from 'commander'
import { EXAMPLES } from './examples'
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
    .option(
      '--database <url>',
      "a shared PostgreSQL database, postgres://user:password@host:5432/leukolens (default: $LEUKOLENS_DATABASE_URL, else the databaseUrl setting, else the data folder's own SQLite database)"
    )
    .option('--json', 'machine-readable output on stdout')
    .option(
      '--user <name>',
      'sign in as this user (default: $LEUKOLENS_USER); the password from $LEUKOLENS_PASSWORD, else a prompt'
    )
    .exitOverride()
    // An error is the last thing printed (never above 30 lines of help that scroll it away), in the same
    // `leukolens: …` form as every other error; required options say so in the help.
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'leukolens: ')) })
    .configureHelp({
      optionDescription: (o) => {
        const plain = new Help().optionDescription(o)
        return o.mandatory ? `(required) ${plain}` : plain
      }
    })
    .addHelpText('after', EXIT_CODES)
  const context = (cmd: Command, flags: ConfigOverrides = {}): CliContext => {
    const ctx = new CliContext(cmd.optsWithGlobals() as GlobalOptions, environment, flags)
    contexts.push(ctx)
    return ctx
  }
  for (const register of COMMANDS) register(program, context)
  for (const cmd of allCommands(program)) explainCommand(cmd)
  program.hook('preAction', (_program, action) => refuseEmptyValues(action))
  return program
}

const EXIT_CODES = `
Exit codes: 0 done; 1 the command failed (a file that cannot be read, a damaged database, a job that stopped);
2 a usage error (a missing or bad option or value, a name or folder that is not there: fix the command line).`

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)])
}

/** The command's path as typed after `leukolens` ("models list"). */
function commandPath(cmd: Command): string {
  const names: string[] = []
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}

/** Each command's help ends with its examples, and a usage error points to that help in one line. */
function explainCommand(cmd: Command): void {
  const path = commandPath(cmd)
  cmd.showHelpAfterError(`(leukolens ${path} --help: its options and examples)`)
  const examples = EXAMPLES[path]
  if (examples) cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}`)
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
    const program = buildProgram(
      {
        env: envOverrides(env),
        defaultDataDir: platformDataDir(env),
        user: env.LEUKOLENS_USER?.trim() || undefined,
        password: env.LEUKOLENS_PASSWORD
      },
      contexts
    )
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
