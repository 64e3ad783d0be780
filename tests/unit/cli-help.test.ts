import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { buildProgram } from '../../src/main/cli'
import { EXAMPLES } from '../../src/main/cli/examples'
import { DEFAULT_RECIPE } from '../../src/main/core/engine/training/recipes'

/** Every command's --help ends with examples that use only options the command has; required options say so. */
const program = buildProgram({ env: {}, defaultDataDir: '/nonexistent-leukolens' })

function commands(cmd: Command, path: string[] = []): [string, Command][] {
  return cmd.commands.flatMap((c) => {
    const p = [...path, c.name()]
    return [[p.join(' '), c] as [string, Command], ...commands(c, p)]
  })
}

const helpOf = (cmd: Command): string => {
  let text = ''
  cmd.configureOutput({ writeOut: (s) => (text += s) })
  cmd.outputHelp()
  return text
}

describe('command help', () => {
  const all = commands(program)

  it('every command has examples, and each example uses the command and options it documents', () => {
    for (const [path, cmd] of all) {
      const help = helpOf(cmd)
      expect(help, path).toMatch(/\nExamples:\n/)
      for (const example of EXAMPLES[path] ?? []) {
        expect(example.startsWith(`leukolens ${path}`), example).toBe(true)
        // A group's examples run one of its subcommands: the flags are that one's.
        const [, runs] = all
          .filter(([p]) => example.startsWith(`leukolens ${p} `) || example === `leukolens ${p}`)
          .sort((a, b) => b[0].length - a[0].length)[0]
        const known = new Set([...runs.options, ...program.options].map((o) => o.long))
        for (const flag of example.match(/(?<=\s)--[a-z-]+/g) ?? [])
          expect(known.has(flag), `${path}: ${flag}`).toBe(true)
      }
    }
  })

  it('marks required options as required', () => {
    const train = all.find(([p]) => p === 'train')![1]
    expect(helpOf(train)).toMatch(/--dataset <name> +\(required\)/)
    expect(helpOf(train)).toMatch(/--recipe <name> +starting hyperparameters/)
    expect(helpOf(train)).toMatch(new RegExp(`\\(recipe ${DEFAULT_RECIPE}\\s+unless\\s+--recipe\\)`))
  })

  it('states the exit codes', () => {
    expect(helpOf(program)).toMatch(/Exit codes: 0 done; 1 the command failed .*\n2 a usage error/)
  })
})
