import { describe, expect, it } from 'vitest'
import { scanActivity } from '../../src/shared/format/scan-activity'

describe("a scan's status as the lists show it", () => {
  it('names the machine of a running scan, and says when one stopped without finishing', () => {
    expect(scanActivity({ status: 'running', alive: true, host: 'lab-pc-2' })).toBe('running on lab-pc-2')
    expect(scanActivity({ status: 'running', alive: true, queued: true })).toBe(
      "queued for the lab's workers"
    )
    expect(
      scanActivity({
        status: 'running',
        alive: false,
        host: 'lab-pc-2',
        heartbeatAt: '2026-03-02T09:00:12.000Z'
      })
    ).toBe(
      'stopped on lab-pc-2 without finishing (last heard from 2026-03-02 09:00 UTC); scan the folder again to resume it'
    )
    expect(scanActivity({ status: 'done', alive: undefined, host: 'lab-pc-2' })).toBe('done')
  })
})
