import type { Command } from 'commander'
import type { CliContext } from '../context'
import type { ConfigOverrides } from '../../services/config'

// In a module of its own, not in index.ts: every command module names this type, and index.ts imports every
// command module, so the type there would tie each command to the list of all of them.

/**
 * Adds one command group to the program; `context(cmd, flags)` gives the command its service session, with the
 * command's configuration flags (`--backend`, `--workers`, …) as the first layer of the configuration.
 */
export type RegisterCommand = (
  program: Command,
  context: (cmd: Command, flags?: ConfigOverrides) => CliContext
) => void
