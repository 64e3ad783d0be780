import { afterEach, describe, expect, it } from 'vitest'
import type { Server } from 'node:net'
import { loopbackLis, type Behaviour } from '../../helpers/loopback-lis'
import { buildOruR01 } from '../../../src/main/core/lis/hl7'
import { sendMllp } from '../../../src/main/core/lis/mllp'
import { SIGNED } from '../../unit/lis/sample-result'

const message = buildOruR01(SIGNED, {
  controlId: 'LL-7-S-2026-0042-1',
  sendingFacility: 'HEMLAB',
  receivingApplication: 'LIS',
  receivingFacility: 'HOSP',
  at: new Date('2026-12-06T10:16:00Z')
})

describe('MLLP sender', () => {
  const servers: Server[] = []
  afterEach(() => {
    while (servers.length) servers.pop()!.close()
  })
  const start = async (script: Behaviour[]) => {
    const l = await loopbackLis(script)
    servers.push(l.server)
    return l
  }

  it('delivers on an AA acknowledgement, once', async () => {
    const l = await start(['ack'])
    const d = await sendMllp(message, { host: '127.0.0.1', port: l.port, backoffMs: 10 })
    expect(d).toEqual({ controlId: 'LL-7-S-2026-0042-1', ack: 'AA', attempts: 1, failures: [] })
    expect(l.received).toEqual([message])
  })

  it('a connection dropped after receipt is retried with the same control id: nothing lost, stored once', async () => {
    const l = await start(['drop-after-receipt', 'ack'])
    const d = await sendMllp(message, { host: '127.0.0.1', port: l.port, backoffMs: 10 })
    expect(d.attempts).toBe(2)
    expect(d.failures).toEqual(['the receiver closed the connection before acknowledging'])
    expect(l.received).toEqual([message, message])
    expect([...l.stored.keys()]).toEqual(['LL-7-S-2026-0042-1'])
  })

  it('a connection closed before the message is retried, and a silent receiver times out', async () => {
    const l = await start(['close-at-once', 'ack'])
    const d = await sendMllp(message, { host: '127.0.0.1', port: l.port, backoffMs: 10 })
    expect(d.attempts).toBe(2)
    expect(l.received).toHaveLength(1)
    const quiet = await start(['silent'])
    await expect(
      sendMllp(message, { host: '127.0.0.1', port: quiet.port, attempts: 2, backoffMs: 10, timeoutMs: 200 })
    ).rejects.toThrow(
      /not delivered .* after 2 tries \(no acknowledgement within 200 ms; no acknowledgement within 200 ms\)/
    )
  })

  it('a NACK is not retried and its reason is kept', async () => {
    const l = await start(['nack', 'ack'])
    await expect(sendMllp(message, { host: '127.0.0.1', port: l.port, backoffMs: 10 })).rejects.toThrow(
      /did not accept message LL-7-S-2026-0042-1: refused \(AE\): unknown test code LL-ALL/
    )
    expect(l.connections()).toBe(1)
    expect(l.stored.size).toBe(0)
  })

  it('says plainly when nobody listens', async () => {
    const l = await start(['ack'])
    l.server.close()
    servers.pop()
    await new Promise((r) => setTimeout(r, 50))
    await expect(
      sendMllp(message, { host: '127.0.0.1', port: l.port, attempts: 2, backoffMs: 10 })
    ).rejects.toThrow(/after 2 tries \(connection failed \(ECONNREFUSED\)/)
  })
})
