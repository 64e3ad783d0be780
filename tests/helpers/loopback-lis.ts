import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export type Behaviour = 'ack' | 'drop-after-receipt' | 'close-at-once' | 'nack' | 'silent'

/**
 * An MLLP listener on 127.0.0.1 acting as a LIS: it takes a script of behaviours, one per connection, records
 * every framed message it receives, and keeps messages by MSH-10 control id the way a LIS drops duplicates.
 */
export function loopbackLis(script: Behaviour[]) {
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
