/**
 * Numbers typed by a person, read strictly. `Number()` also reads "0x1" (1), "0b1", "0o7", "Infinity", "1e308" and
 * "" (0): a flag threshold of `0x1` would silently be 1, a block size of `1e308` would reach the database. These
 * accept plain decimal notation only, and give NaN for anything else, so the caller's range check refuses it with
 * its own sentence.
 */

/** A decimal number: optional sign, digits with an optional fraction (".5" and "5." too); no exponent, no hex. */
export function decimalNumber(text: string): number {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(text) ? Number(text) : NaN
}

/** A whole number written as digits (an optional leading +), within the integers a double holds exactly. */
export function wholeNumber(text: string): number {
  if (!/^\s*\+?\d+\s*$/.test(text)) return NaN
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : NaN
}
