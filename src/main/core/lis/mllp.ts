/**
 * Sends one HL7 v2 message over MLLP (a TCP connection, the message framed by VT … FS CR) and waits for the
 * receiver's acknowledgement. AA/CA: delivered. AE/AR/CE/CR: refused — not retried, since the same message would
 * be refused again; the receiver's reason is kept. A connection that fails, drops or stays silent before an ACK
 * is retried with the same message — the same MSH-10 control id, so a receiver that did get the first copy
 * knows the second for a duplicate — up to `attempts` times.
 */
import { connect } from 'node:net'
import { Hl7Message } from '@medplum/core'

const VT = '\x0b'
const FS = '\x1c'
const CR = '\r'

/** Something the user named or configured that cannot be used (exit 2 on the command line). */
export class LisError extends Error {
  override name = 'LisError'
}

/** The message did not get through, or the LIS refused it (exit 1: nothing the user typed was wrong). */
export class LisDeliveryError extends Error {
  override name = 'LisDeliveryError'
}

export interface MllpTarget {
  host: string
  port: number
  /** How long to wait for the ACK after sending (default 10 s). */
  timeoutMs?: number
  /** Tries in all (default 3), and the wait between them (default 1 s, doubled each time). */
  attempts?: number
  backoffMs?: number
}

export interface Delivery {
  controlId: string
  ack: string
  attempts: number
  /** Each failed try, in order, with why. */
  failures: string[]
}

/** Thrown for a NACK: the receiver said no (no retry). */
class Refused extends Error {}

function controlIdOf(message: string): string {
  const id = Hl7Message.parse(message).getSegment('MSH')?.getField(10).toString()
  if (!id) throw new LisError('the message has no MSH-10 control id')
  return id
}

/** One connection: send, read up to FS CR, parse the ACK. */
function attempt(message: string, t: MllpTarget, controlId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: t.host, port: t.port })
    let reply = ''
    let settled = false
    const done = (err: Error | null, ack?: string) => {
      if (settled) return
      settled = true
      socket.destroy()
      if (err) reject(err)
      else resolve(ack!)
    }
    socket.setTimeout(t.timeoutMs ?? 10_000, () =>
      done(new Error(`no acknowledgement within ${t.timeoutMs ?? 10_000} ms`))
    )
    socket.on('connect', () => socket.write(VT + message + FS + CR))
    socket.on('error', (err) =>
      done(new Error(`connection failed (${(err as NodeJS.ErrnoException).code ?? err.message})`))
    )
    socket.on('close', () => done(new Error('the receiver closed the connection before acknowledging')))
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8')
      const end = reply.indexOf(FS + CR)
      if (end < 0) return
      const body = reply.slice(reply.indexOf(VT) + 1, end)
      try {
        const msa = Hl7Message.parse(body).getSegment('MSA')
        if (!msa) return done(new Refused('the reply has no MSA segment'))
        const code = msa.getField(1).toString()
        const about = msa.getField(2).toString()
        if (about !== controlId)
          return done(new Refused(`the acknowledgement is for message ${about}, not ${controlId}`))
        if (code === 'AA' || code === 'CA') return done(null, code)
        done(new Refused(`refused (${code}): ${msa.getField(3).toString() || 'no reason given'}`))
      } catch (err) {
        done(new Refused(`unreadable acknowledgement (${(err as Error).message})`))
      }
    })
  })
}

export async function sendMllp(message: string, t: MllpTarget): Promise<Delivery> {
  const controlId = controlIdOf(message)
  const attempts = t.attempts ?? 3
  const failures: string[] = []
  let wait = t.backoffMs ?? 1000
  for (let i = 1; i <= attempts; i++) {
    try {
      const ack = await attempt(message, t, controlId)
      return { controlId, ack, attempts: i, failures }
    } catch (err) {
      if (err instanceof Refused)
        throw new LisDeliveryError(
          `${t.host}:${t.port} did not accept message ${controlId}: ${err.message} (try ${i}; not retried: the same message would be refused again)`
        )
      failures.push((err as Error).message)
      if (i < attempts) {
        await new Promise((r) => setTimeout(r, wait))
        wait *= 2
      }
    }
  }
  throw new LisDeliveryError(
    `message ${controlId} not delivered to ${t.host}:${t.port} after ${attempts} tries (${failures.join('; ')})`
  )
}
