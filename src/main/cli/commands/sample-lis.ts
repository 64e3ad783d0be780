import type { Command } from 'commander'
import { workstationStore } from '../../services/workstation-store'
import { UsageError } from '../errors'
import { intFlag } from '../flags'
import { classResultText, type SampleResult } from '../../core/lis/result'
import type { RegisterCommand } from './register'
import { deliveryText } from '../../../shared/format/lis'

function resultText(r: SampleResult): string {
  return [
    `sample ${r.sampleId}: ${r.cells} cells, model ${r.model.id}`,
    ...r.classes.map((c) => `  ${c.name}: ${classResultText(c, r.cells)}`),
    `  ${r.corrected ? 'corrected result, ' : ''}signed by ${r.signer?.name} at ${r.signer?.at}`
  ].join('\n')
}

/**
 * `sample export` and `sample send`: one sample's newest signed result to the LIS (an unsigned sample is refused).
 * The `sample` group is made by the differential's commands (sample.ts); this adds to it.
 */
export const registerSampleLis: RegisterCommand = (program, context) => {
  const sample =
    program.commands.find((c) => c.name() === 'sample') ??
    program.command('sample').description("A sample's differential: export or send it to the LIS")
  sample
    .command('export')
    .description("Write one sample's signed result as an HL7 v2.5.1 ORU^R01 message or a FHIR R4 bundle")
    .argument('<scan>', 'scan id')
    .requiredOption('--sample <id>', 'the sample (as the per-sample counts name it)')
    .requiredOption('--format <hl7|fhir>', 'hl7 (ORU^R01) or fhir (DiagnosticReport + Observations, JSON)')
    .requiredOption('--out <file>', 'file to write')
    .option('--patient <id>', "the patient's identifier, for the LIS to match its order")
    .action(
      async (
        scan: string,
        flags: { sample: string; format: string; out: string; patient?: string },
        cmd: Command
      ) => {
        if (flags.format !== 'hl7' && flags.format !== 'fhir')
          throw new UsageError(`invalid --format "${flags.format}": expected hl7 or fhir`)
        const ctx = context(cmd)
        const { exportSample } = await import('../../services/lis')
        const r = await exportSample(ctx.ctx, {
          scanId: intFlag('SCAN', scan)!,
          sampleId: flags.sample,
          patientId: flags.patient,
          format: flags.format,
          out: flags.out
        })
        ctx.print(r, () => `${resultText(r.result)}\n${flags.format.toUpperCase()} written to ${r.file}`)
      }
    )
  sample
    .command('send')
    .description(
      "Send one sample's signed result to the LIS over MLLP (HL7 v2.5.1 ORU^R01), waiting for its ACK"
    )
    .argument('<scan>', 'scan id')
    .requiredOption('--sample <id>', 'the sample')
    .option('--patient <id>', "the patient's identifier")
    .option('--host <host>', 'LIS host (default: the lis.host setting, `leukolens lis`)')
    .option('--port <port>', 'LIS port (default: the lis.port setting)')
    .addHelpText(
      'after',
      `
A dropped or silent connection is retried (3 tries) with the same message control id, which is the same for the
same result on every send, so the LIS can recognise a copy. A NACK (AE/AR) is not retried: its reason is printed
and the command exits 1.`
    )
    .action(
      async (
        scan: string,
        flags: { sample: string; patient?: string; host?: string; port?: string },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        const { sendSample } = await import('../../services/lis')
        const { parsePort } = await import('../../core/lis/target')
        const r = await sendSample(ctx.ctx, {
          scanId: intFlag('SCAN', scan)!,
          sampleId: flags.sample,
          patientId: flags.patient,
          host: flags.host,
          port: flags.port === undefined ? undefined : parsePort(flags.port)
        })
        ctx.print(
          r,
          () => `${resultText(r.result)}\n${deliveryText({ host: r.host, port: r.port, ...r.delivery })}`
        )
      }
    )
}

/** `leukolens lis`: where `sample send` sends (settings lis.*). */
export const registerLis: RegisterCommand = (program, context) => {
  program
    .command('lis')
    .description('Show or set the LIS that `sample send` sends to')
    .option('--host <host>', 'MLLP host')
    .option('--port <port>', 'MLLP port')
    .option('--sending-facility <name>', 'MSH-4 (default LAB)')
    .option('--receiving-application <name>', 'MSH-5 (default LIS)')
    .option('--receiving-facility <name>', 'MSH-6 (default LAB)')
    .action(
      async (
        flags: {
          host?: string
          port?: string
          sendingFacility?: string
          receivingApplication?: string
          receivingFacility?: string
        },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        const { readLisTarget, writeLisTarget } = await import('../../services/lis')
        const t = Object.values(flags).some((v) => v !== undefined)
          ? await writeLisTarget(workstationStore(ctx.ctx).k, flags)
          : await readLisTarget(workstationStore(ctx.ctx).k)
        ctx.print(t, () =>
          [
            `LIS: ${t.host && t.port ? `${t.host}:${t.port}` : 'not set (--host and --port)'}`,
            `  sending facility ${t.sendingFacility}, receiving application ${t.receivingApplication}, receiving facility ${t.receivingFacility}`
          ].join('\n')
        )
      }
    )
}
