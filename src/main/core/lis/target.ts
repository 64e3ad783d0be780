/**
 * Where results go: the LIS's MLLP host and port and the names the message carries, kept as settings
 * (`lis.host`, `lis.port`, `lis.sendingFacility`, `lis.receivingApplication`, `lis.receivingFacility`).
 */
import type { Database } from 'better-sqlite3'
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

export function readLisTarget(db: Database): LisTarget {
  const port = getSetting(db, KEYS.port)
  return {
    host: getSetting(db, KEYS.host),
    port: port === undefined ? undefined : Number(port),
    sendingFacility: getSetting(db, KEYS.sendingFacility) ?? 'LAB',
    receivingApplication: getSetting(db, KEYS.receivingApplication) ?? 'LIS',
    receivingFacility: getSetting(db, KEYS.receivingFacility) ?? 'LAB'
  }
}

export function parsePort(text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new LisError(`LIS port "${text}" is not a port number (1–65535)`)
  return n
}

export function writeLisTarget(db: Database, patch: Partial<Record<keyof LisTarget, string>>): LisTarget {
  if (patch.port !== undefined) parsePort(patch.port)
  if (patch.host !== undefined && !patch.host.trim())
    throw new LisError('LIS host: give a host name or address')
  for (const [k, v] of Object.entries(patch))
    if (v !== undefined) setSetting(db, KEYS[k as keyof LisTarget], v.trim())
  return readLisTarget(db)
}
