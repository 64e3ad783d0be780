/** How a delivery to the LIS went, in the words the command line and the window both print. */

export interface DeliveryLine {
  host: string
  port: number
  controlId: string
  /** The receiver's acknowledgement code (AA or CA). */
  ack: string
  attempts: number
  /** Each failed try before the one that got through. */
  failures: readonly string[]
}

/** "Delivered to lis:2575 as message LL3-… (AA, 2 tries; failed first: connection failed (ECONNREFUSED))". */
export function deliveryText(d: DeliveryLine): string {
  const tries = `${d.attempts} tr${d.attempts === 1 ? 'y' : 'ies'}`
  const failed = d.failures.length ? `; failed first: ${d.failures.join('; ')}` : ''
  return `Delivered to ${d.host}:${d.port} as message ${d.controlId} (${d.ack}, ${tries}${failed})`
}
