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
import { requireRole } from './people'
import { config } from './settings'

/** Quality control for the window and the command line: control sets, runs through the scan service, acks. */

/** Hours between control runs (the workstation's qcEveryHours setting); null: no schedule. */
function qcSchedule(ctx: ServiceContext): Promise<number | null> {
  return getQcEveryHours(workstationStore(ctx).k)
}

/**
 * Registering a control set and setting its targets define what the model is held to: where people sign in, the
 * researcher's (the call's gate, shared/calls/gates.ts, checked before this runs). Running it is the bench's
 * (runQc), acknowledging a rejected run a reviewer's work (ackQc).
 */
export async function addQcSet(ctx: ServiceContext, req: CallRequest<'qc:add'>): Promise<QcSetView> {
  const items = readControlSet(req.folder, {
    reference: req.reference ? resolve(req.reference) : undefined,
    map: req.map ? parseClassMap(req.map) : undefined
  })
  return addControlSet(
    ctx.store,
    { name: req.name, folder: req.folder, blastClass: req.blastClass ?? 'ALL' },
    items,
    await qcSchedule(ctx)
  )
}

export async function listQc(ctx: ServiceContext): Promise<QcSetView[]> {
  return listQcSets(ctx.store.k, await qcSchedule(ctx))
}

/**
 * Scans the set's folder with the active model (or the one named) through the scan service, then scores it. The
 * scan and the run go to the same store: with a shared database, the lab's.
 */
export async function runQc(ctx: ServiceContext, req: CallRequest<'qc:run'>): Promise<QcRunView> {
  await requireRole(ctx, 'scan')
  const set = await controlSetOf(ctx.store.k, req.name)
  const { summary } = await scanFolder(ctx, {
    jobId: req.jobId,
    folder: set.folder,
    modelId: req.modelId,
    recursive: true
  })
  if (summary.cancelled) throw new QcError(`the run of "${req.name}" was cancelled: nothing was recorded`)
  return recordQcRun(ctx.store, req.name, summary.scanId, summary.modelId)
}

/**
 * Who acknowledges, as who reviews: the signed-in person where people sign in (a shared database, or users
 * defined), whose role must allow reviews; elsewhere the reviewer in force, a name somebody chose.
 */
export async function ackQc(ctx: ServiceContext, req: CallRequest<'qc:ack'>): Promise<QcRunView> {
  const signedIn = await requireRole(ctx, 'review')
  let person = signedIn?.name ?? ''
  if (!signedIn) {
    const c = await config(ctx)
    person = c.sources.reviewer === 'default' ? '' : c.reviewer
  }
  if (!person.trim())
    throw new QcError(
      'enter your name as the reviewer first (setting or --reviewer): it goes with the acknowledgement'
    )
  return acknowledgeQcRun(ctx.store, req.runId, person, req.note)
}

export function qcAlerts(ctx: ServiceContext): Promise<QcRunView[]> {
  return openQcAlerts(ctx.store.k)
}

/** A control set's targets, typed or from its runs so far: the researcher's where people sign in (as addQcSet). */
export async function setQcTargets(ctx: ServiceContext, req: CallRequest<'qc:target'>): Promise<QcSetView> {
  const values = req.fromRuns ? await runValues(ctx.store.k, req.name) : undefined
  const from = (v: number[], measure: string) => {
    try {
      return targetFromValues(v.slice(0, req.fromRuns), measure)
    } catch (err) {
      throw new QcError((err as Error).message)
    }
  }
  return setQcTarget(
    ctx.store,
    req.name,
    {
      accuracy: req.accuracy ?? (values ? from(values.accuracy, 'accuracy') : undefined),
      blast: req.blast ?? (values ? from(values.blast, 'blast') : undefined)
    },
    await qcSchedule(ctx)
  )
}
