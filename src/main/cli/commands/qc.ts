import type { Command } from 'commander'
import { resolve } from 'node:path'
import { UsageError } from '../errors'
import { CLI_JOB } from '../context'
import { BACKEND_FLAG_HELP, backendFlag, intFlag, workersFlag } from '../flags'
import { terminalProgress } from '../progress-bar'
import { formatQcRun, formatQcSet } from '../format/qc'
import type { RegisterCommand } from './register'
import type { QcRunView } from '../../../shared/types/qc'

/** `MEAN,SD` in percent. */
function targetFlag(flag: string, text: string | undefined): { mean: number; sd: number } | undefined {
  if (text === undefined) return undefined
  const [mean, sd] = text.split(',').map(Number)
  if (!Number.isFinite(mean) || !(sd > 0))
    throw new UsageError(
      `invalid ${flag} "${text}": expected MEAN,SD in percent with SD above 0, e.g. 95,2.5`
    )
  return { mean, sd }
}

export const registerQc: RegisterCommand = (program, context) => {
  const qc = program
    .command('qc')
    .description('Quality control: control sets scanned on demand, judged by Westgard rules')
    .addHelpText(
      'after',
      `
A control set is a folder of reference images with known classes (class-per-folder, or --reference CSV with a
file and a class column). Each run scans it with the active model and stores accuracy and the blast share, each
with its count and 95% Wilson interval, judged against the set's targets by the Westgard rules (1-2s warns;
1-3s, 2-2s, R-4s and 10-x reject). A rejected run stays an open alert until a person acknowledges it with a note.
The blast target starts as the set's own share with its binomial SD; set the accuracy target with \`qc target\`.`
    )
  qc.command('add')
    .description('Register a control set')
    .argument('<name>', 'name of the set')
    .argument('<folder>', 'folder of reference images')
    .option('--reference <csv>', 'expected classes: a CSV with a file column and a class column')
    .option('--map <A=B,…>', 'class mapping of folder or CSV names, e.g. Benign=HEM,Early=ALL')
    .option('--blast-class <class>', 'the class counted as blasts (default ALL)')
    .action(
      async (
        name: string,
        folder: string,
        flags: { reference?: string; map?: string; blastClass?: string },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        const set = await ctx.call('qc:add', {
          name,
          folder: resolve(folder),
          reference: flags.reference,
          map: flags.map,
          blastClass: flags.blastClass
        })
        ctx.print(set, () => formatQcSet(set))
      }
    )
  qc.command('list')
    .description('Control sets with their last run')
    .action(async (_f: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const sets = await ctx.call('qc:list')
      ctx.print(sets, () =>
        sets.length
          ? sets
              .map((s) => {
                const last = s.runs.at(-1)
                return `${s.name}: ${s.runs.length} run(s)${last ? `, last ${last.at.slice(0, 10)} ${last.reject ? 'REJECT' : 'in control'}` : ''}${s.openAlerts ? `, ${s.openAlerts} open alert(s)` : ''}`
              })
              .join('\n')
          : 'no control sets (`leukolens qc add NAME FOLDER`)'
      )
    })
  qc.command('run')
    .description(
      "Scan a control set's folder now and judge the run (--due: every set the schedule says is due)"
    )
    .argument('[name]', 'control set')
    .option('--due', 'run each set whose last run is older than the qcEveryHours setting (or that never ran)')
    .option('--model <id>', 'model version (default: the active one)')
    .option('--backend <name>', BACKEND_FLAG_HELP)
    .option('--workers <n>', 'extraction workers')
    .action(
      async (
        name: string | undefined,
        flags: { due?: boolean; model?: string; backend?: string; workers?: string },
        cmd: Command
      ) => {
        if ((name === undefined) === !flags.due)
          throw new UsageError('qc run: name one control set, or give --due (not both)')
        const ctx = context(cmd, { backend: backendFlag(flags.backend), workers: workersFlag(flags.workers) })
        ctx.onProgress(terminalProgress())
        const names = name ? [name] : (await ctx.call('qc:list')).filter((s) => s.due).map((s) => s.name)
        const runs: QcRunView[] = []
        for (const n of names)
          runs.push(await ctx.call('qc:run', { jobId: CLI_JOB, name: n, modelId: flags.model }))
        ctx.print(name ? runs[0] : runs, () =>
          runs.length
            ? runs.map((r) => `QC run of ${r.setName}:\n${formatQcRun(r)}`).join('\n')
            : 'No control set is due (setting qcEveryHours).'
        )
        const rejected = runs.filter((r) => r.reject)
        if (rejected.length)
          throw new Error(
            rejected
              .map(
                (r) =>
                  `QC run ${r.id} of ${r.setName} is rejected: look into it, then \`leukolens qc ack ${r.id} --note …\``
              )
              .join('; ')
          )
      }
    )
  qc.command('show')
    .description('A control set: its targets and every run with its Westgard verdict')
    .argument('<name>', 'control set')
    .action(async (name: string, _f: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const set = (await ctx.call('qc:list')).find((s) => s.name === name)
      if (!set) throw new UsageError(`no control set named "${name}" (see \`leukolens qc list\`)`)
      ctx.print(set, () => formatQcSet(set))
    })
  qc.command('target')
    .description("Set a control set's targets (mean and SD, in percent)")
    .argument('<name>', 'control set')
    .option('--accuracy <mean,sd>', 'accuracy target')
    .option('--blast <mean,sd>', 'blast share target')
    .option('--from-runs <n>', 'take both targets from the mean and SD of the first N runs')
    .action(
      async (name: string, flags: { accuracy?: string; blast?: string; fromRuns?: string }, cmd: Command) => {
        const ctx = context(cmd)
        const req = {
          name,
          accuracy: targetFlag('--accuracy', flags.accuracy),
          blast: targetFlag('--blast', flags.blast),
          fromRuns: intFlag('--from-runs', flags.fromRuns, 2)
        }
        if (!req.accuracy && !req.blast && !req.fromRuns)
          throw new UsageError('give --accuracy MEAN,SD, --blast MEAN,SD or --from-runs N')
        const set = await ctx.call('qc:target', req)
        ctx.print(set, () => formatQcSet(set))
      }
    )
  qc.command('ack')
    .description('Acknowledge a rejected run, with a note of what was found and done')
    .argument('<run>', 'QC run id')
    .requiredOption('--note <text>', 'what was found and done')
    .option(
      '--reviewer <name>',
      'who acknowledges on a workstation without users (default: $LEUKOLENS_REVIEWER, else the reviewer setting); where people sign in, the signed-in user'
    )
    .action(async (run: string, flags: { note: string; reviewer?: string }, cmd: Command) => {
      const ctx = context(cmd, { reviewer: flags.reviewer })
      const r = await ctx.call('qc:ack', { runId: intFlag('RUN', run)!, note: flags.note })
      ctx.print(r, () => `Acknowledged QC run ${r.id} of ${r.setName}:\n${formatQcRun(r)}`)
    })
  qc.command('alerts')
    .description('Rejected runs nobody has acknowledged (exit 1 when there is one)')
    .action(async (_f: unknown, cmd: Command) => {
      const ctx = context(cmd)
      const alerts = await ctx.call('qc:alerts')
      ctx.print(alerts, () =>
        alerts.length ? alerts.map((r) => `${r.setName}:\n${formatQcRun(r)}`).join('\n') : 'no open QC alert'
      )
      if (alerts.length)
        throw new Error(
          `${alerts.length} rejected QC run(s) not acknowledged (\`leukolens qc ack RUN --note …\`)`
        )
    })
}
