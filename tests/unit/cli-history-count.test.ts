import { describe, expect, it } from 'vitest'
import { countLine } from '../../src/main/cli/commands/history'

describe('history: how many rows match, in words', () => {
  it('says the number when every match is listed, "of N" when --limit cut it, "more than" when the count stopped', () => {
    expect(countLine(1, { total: 1, totalExact: true })).toBe('1 result')
    expect(countLine(37, { total: 37, totalExact: true })).toBe('37 results')
    expect(countLine(50, { total: 37_799, totalExact: true })).toBe('50 of 37,799 results (--limit)')
    expect(countLine(50, { total: 1000, totalExact: false })).toBe(
      '50 shown; more than 1,000 match (--count counts them all)'
    )
  })
})
