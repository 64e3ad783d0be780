import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { RegisterCommand } from './register'
import { UsageError } from '../errors'

// Static: the CLI context loads the people service at start (a dynamic import would do nothing).
import * as service from '../../services/people'

/** What is signed, by its checksum: given, or of a file (a report, an export) read now. */
async function contentSha256(flags: { sha256?: string; file?: string }): Promise<string> {
  if (flags.sha256 && flags.file) throw new UsageError('sign: give --sha256 or --file, not both')
  if (flags.file) {
    const path = resolve(flags.file)
    const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`${path}: cannot be read (${err.code ?? err.message})`)
    })
    return createHash('sha256').update(bytes).digest('hex')
  }
  const sha = flags.sha256?.trim().toLowerCase()
  if (!sha || !/^[0-9a-f]{64}$/.test(sha))
    throw new UsageError(
      'sign: name what is signed by its content, --sha256 HEX (64 characters) or --file FILE'
    )
  return sha
}

export const registerSign: RegisterCommand = (program, context) => {
  program
    .command('sign')
    .description('Sign a record electronically: your password again, and what the signature means')
    .requiredOption('--kind <kind>', 'what kind of record (sample, scan, report, …)')
    .requiredOption('--id <id>', 'which one')
    .requiredOption('--meaning <meaning>', 'reviewed or approved')
    .option('--sha256 <hex>', 'the SHA-256 of the content signed')
    .option('--file <file>', 'or the file signed (its SHA-256 is taken now)')
    .addHelpText(
      'after',
      `
The signer is the signed-in user (--user NAME or $LEUKOLENS_USER), whose role must allow sign-off (reviewer). The
password is asked again ($LEUKOLENS_PASSWORD, else a hidden prompt); a wrong one is refused and nothing is written.
The signature names the signer, the time and the meaning, and is an entry of the hash-chained audit log
(\`leukolens review verify\` checks it).`
    )
    .action(
      async (
        flags: { kind: string; id: string; meaning: string; sha256?: string; file?: string },
        cmd: Command
      ) => {
        const meaning = flags.meaning.trim().toLowerCase()
        if (meaning !== 'reviewed' && meaning !== 'approved')
          throw new UsageError(`sign: --meaning is reviewed or approved, not "${flags.meaning}"`)
        const sha = await contentSha256(flags)
        const ctx = context(cmd)
        const person = await service.signer(ctx.ctx)
        const password = await ctx.password(`password again to sign as ${person.name} (${meaning}): `)
        const s = await service.signAs(ctx.ctx, {
          kind: flags.kind,
          recordId: flags.id,
          meaning,
          password,
          contentSha256: sha
        })
        ctx.print(
          s,
          () =>
            `Signed ${s.kind} ${s.recordId} as ${s.meaning} by ${s.person} (${s.role}) at ${s.at}; content sha256 ${s.contentSha256}`
        )
      }
    )
}
