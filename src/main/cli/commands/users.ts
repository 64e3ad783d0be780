import type { Command } from 'commander'
import type { RegisterCommand } from './register'
import { passwordFromStdin, promptHidden } from '../password-input'
import { UsageError } from '../errors'
// Static: the CLI context loads the people service at start (a dynamic import would do nothing).
import * as people from '../../services/people'
import { parseRole } from '../../core/people/users'

export const registerUsers: RegisterCommand = (program, context) => {
  const users = program
    .command('users')
    .description('The people who work in this database: add, list, disable (admins only, once users exist)')
    .addHelpText(
      'after',
      `
Roles: technician (scan, review), reviewer (also sign off), researcher (import, train, evaluate), admin (users,
settings). The first user must be an admin. Passwords come on standard input (or a hidden prompt on a terminal),
never as a flag; they are stored as scrypt hashes. A user who leaves is disabled, never removed: their name stays
on everything they reviewed and signed.`
    )

  users
    .command('add')
    .description('Add a user (the password on standard input)')
    .argument('<name>', "the user's name, as the audit log will show it")
    .requiredOption('--role <role>', 'technician, reviewer, researcher or admin')
    .action(async (name: string, flags: { role: string }, cmd: Command) => {
      const role = parseRole(flags.role)
      const ctx = context(cmd)
      // The admin signs in (a prompt, when it comes) before the new user's password is read from standard input.
      await people.signedIn(ctx.ctx)
      const password = await passwordFromStdin(`password for the new user ${name}: `)
      if (process.stdin.isTTY && (await promptHidden('again: ')) !== password)
        throw new UsageError('the two passwords differ: nothing was stored')
      const u = await people.addUserAs(ctx.ctx, { name, role, password })
      ctx.print(u, () => `Added ${u.name} (${u.role})`)
    })

  users
    .command('list')
    .description('List the users, their roles and whether they are disabled')
    .action(async (_flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const all = await people.listUsersAs(ctx.ctx)
      ctx.print(all, () =>
        all.length
          ? all
              .map((u) => `${u.name}  ${u.role}${u.disabled ? '  (disabled)' : ''}  since ${u.createdAt}`)
              .join('\n')
          : 'No users yet: `leukolens users add NAME --role admin` adds the first (a lab server: `server start --admin NAME`)'
      )
    })

  users
    .command('disable')
    .description('Disable a user: they can no longer sign in; what they did keeps their name')
    .argument('<name>')
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const u = await people.disableUserAs(ctx.ctx, name)
      ctx.print(u, () => `Disabled ${u.name} (${u.role})`)
    })
}
