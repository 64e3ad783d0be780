/**
 * Where results go: the LIS's MLLP host and port and the names the message carries, kept as settings
 * (`lis.host`, `lis.port`, `lis.sendingFacility`, `lis.receivingApplication`, `lis.receivingFacility`).
 */
import type { Queries } from '../db/store'
import { getSetting, setSetting } from '../db/queries/settings'
import { LisError } from './mllp'

export interface LisTarget {
  host?: string
  port?: number
  sendingFacility: string
  receivingApplication: string
  receivingFacility: string
}

const KEYS = {
  host: 'lis.host',
  port: 'lis.port',
  sendingFacility: 'lis.sendingFacility',
  receivingApplication: 'lis.receivingApplication',
  receivingFacility: 'lis.receivingFacility'
} as const

export async function readLisTarget(q: Queries): Promise<LisTarget> {
  const port = await getSetting(q, KEYS.port)
  return {
    host: await getSetting(q, KEYS.host),
    port: port === undefined ? undefined : Number(port),
    sendingFacility: (await getSetting(q, KEYS.sendingFacility)) ?? 'LAB',
    receivingApplication: (await getSetting(q, KEYS.receivingApplication)) ?? 'LIS',
    receivingFacility: (await getSetting(q, KEYS.receivingFacility)) ?? 'LAB'
  }
}

export function parsePort(text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new LisError(`LIS port "${text}" is not a port number (1–65535)`)
  return n
}

export async function writeLisTarget(
  q: Queries,
  patch: Partial<Record<keyof LisTarget, string>>
): Promise<LisTarget> {
  if (patch.port !== undefined) parsePort(patch.port)
  if (patch.host !== undefined && !patch.host.trim())
    throw new LisError('LIS host: give a host name or address')
  for (const [k, v] of Object.entries(patch))
    if (v !== undefined) await setSetting(q, KEYS[k as keyof LisTarget], v.trim())
  return readLisTarget(q)
}
