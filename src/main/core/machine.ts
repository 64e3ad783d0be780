import { hostname } from 'node:os'

/**
 * This machine's name as the shared database records it: on the scans it runs and the queued batches it works on,
 * so a person (and another machine) sees which workstation does what.
 */
export function thisMachine(): string {
  return hostname()
}
