import { resolve } from 'node:path'
import type { CallRequest } from '../../shared/contract'
import type { QcRunView, QcSetView } from '../../shared/types/qc'
import { parseClassMap } from '../core/import/class-map'
import { readControlSet } from '../core/qc/control-set'
import {
  acknowledgeQcRun,
  addControlSet,
  controlSetOf,
  listQcSets,
  openQcAlerts,
  QcError,
  recordQcRun,
  runValues,
  setQcTarget
} from '../core/qc/record'
import { targetFromValues } from '../core/qc/series'
import { getQcEveryHours } from '../core/qc/schedule'
import { workstationStore } from './workstation-store'
import type { ServiceContext } from './context'
import { scanFolder } from './scanning'
import { config } from './settings'
import { signedIn } from './people'

/** Quality control for the window and the command line: control sets, runs through the scan service, acks. */

/** Hours between control runs (the workstation's qcEveryHours setting); null: no schedule. */
function qcSchedule(ctx: ServiceContext): Promise<number | null> {
  return getQcEveryHours(workstationStore(ctx).k)
}

export async function addQcSet(ctx: ServiceContext, req: CallRequest<'qc:add'>): Promise<QcSetView> {
  const items = readControlSet(req.folder, {
    reference: req.reference ? resolve(req.reference) : undefined,
    map: req.map ? parseClassMap(req.map) : undefined
  })
  return addControlSet(
    ctx.db,
    { name: req.name, folder: req.folder, blastClass: req.blastClass ?? 'ALL' },
    items,
    await qcSchedule(ctx)
  )
}

export async function listQc(ctx: ServiceContext): Promise<QcSetView[]> {
  return listQcSets(ctx.db, await qcSchedule(ctx))
}

/** Scans the set's folder with the active model (or the one named) through the scan service, then scores it. */
export async function runQc(ctx: ServiceContext, req: CallRequest<'qc:run'>): Promise<QcRunView> {
  // A run records the scan it made; control sets and runs are still in the workstation's own file, which cannot
  // refer to a scan in the shared database. Refused before anything is scanned.
  if (ctx.store.engine === 'postgres')
    throw new QcError(
      `QC runs are kept in this workstation's own database and cannot yet refer to scans in the shared database ${ctx.store.place}: run QC on a workstation that uses its own database`
    )
  const set = controlSetOf(ctx.db, req.name)
  const { summary } = await scanFolder(ctx, {
    jobId: req.jobId,
    folder: set.folder,
    modelId: req.modelId,
    recursive: true
  })
  if (summary.cancelled) throw new QcError(`the run of "${req.name}" was cancelled: nothing was recorded`)
  return recordQcRun(ctx, req.name, summary.scanId, summary.modelId)
}

/**
 * The person is the signed-in one where people sign in, else the reviewer in force; like a review, an
 * acknowledgement needs a name somebody chose.
 */
export async function ackQc(ctx: ServiceContext, req: CallRequest<'qc:ack'>): Promise<QcRunView> {
  const c = await config(ctx)
  const person = (await signedIn(ctx))?.name ?? (c.sources.reviewer === 'default' ? '' : c.reviewer)
  if (!person.trim())
    throw new QcError(
      'enter your name as the reviewer first (setting or --reviewer): it goes with the acknowledgement'
    )
  return acknowledgeQcRun(ctx.db, req.runId, person, req.note)
}

export function qcAlerts(ctx: ServiceContext): QcRunView[] {
  return openQcAlerts(ctx.db)
}

export async function setQcTargets(ctx: ServiceContext, req: CallRequest<'qc:target'>): Promise<QcSetView> {
  const values = req.fromRuns ? runValues(ctx.db, req.name) : undefined
  const from = (v: number[], measure: string) => {
    try {
      return targetFromValues(v.slice(0, req.fromRuns), measure)
    } catch (err) {
      throw new QcError((err as Error).message)
    }
  }
  return setQcTarget(
    ctx.db,
    req.name,
    {
      accuracy: req.accuracy ?? (values ? from(values.accuracy, 'accuracy') : undefined),
      blast: req.blast ?? (values ? from(values.blast, 'blast') : undefined)
    },
    await qcSchedule(ctx)
  )
}
