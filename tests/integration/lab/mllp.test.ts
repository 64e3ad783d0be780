import { afterEach, describe, expect, it } from 'vitest'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { buildOruR01 } from '../../../src/main/core/lis/hl7'
import { sendMllp } from '../../../src/main/core/lis/mllp'
import { SIGNED } from '../../unit/lis/sample-result'

type Behaviour = 'ack' | 'drop-after-receipt' | 'close-at-once' | 'nack' | 'silent'

/**
 * An MLLP listener on 127.0.0.1 acting as a LIS: it takes a script of behaviours, one per connection, records
 * every framed message it receives, and keeps messages by MSH-10 control id the way a LIS drops duplicates.
 */
function lis(script: Behaviour[]) {
  const received: string[] = []
  const stored = new Map<string, string>()
  let connections = 0
  const server: Server = createServer((socket: Socket) => {
    const behaviour = script[Math.min(connections++, script.length - 1)]
    if (behaviour === 'close-at-once') return void socket.destroy()
    let buffer = ''
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      const end = buffer.indexOf('\x1c\r')
      if (end < 0) return
      const message = buffer.slice(buffer.indexOf('\x0b') + 1, end)
      received.push(message)
      const controlId = message.split('\r')[0].split('|')[9]
      if (behaviour === 'drop-after-receipt') {
        stored.set(controlId, message)
        return void socket.destroy()
      }
      if (behaviour === 'silent') return
      const code = behaviour === 'nack' ? 'AE' : 'AA'
      if (code === 'AA') stored.set(controlId, message)
      const text = code === 'AE' ? 'unknown test code LL-ALL' : ''
      socket.write(
        `\x0bMSH|^~\\&|LIS|HOSP|Leukolens|HEMLAB|20261206||ACK^R01^ACK|A${connections}|P|2.5.1\rMSA|${code}|${controlId}|${text}\x1c\r`
      )
    })
  })
  return new Promise<{
    port: number
    received: string[]
    stored: Map<string, string>
    server: Server
    connections: () => number
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        received,
        stored,
        server,
        connections: () => connections
      })
    )
  )
}

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
    const l = await lis(script)
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
