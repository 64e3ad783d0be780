/**
 * Password hashes with node's scrypt: a random salt per user, and the cost parameters stored beside the hash, so a
 * later build may raise the cost for new passwords and still check every old one by its own parameters.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

export interface ScryptParams {
  algorithm: 'scrypt'
  /** CPU/memory cost (a power of two), block size and parallelism, as node's scrypt names them. */
  N: number
  r: number
  p: number
  keylen: number
}

export interface PasswordHash {
  hash: string
  salt: string
  params: ScryptParams
}

/** 2^15 × 8 × 128 bytes = 32 MiB and about a tenth of a second a check: dear for a guesser, cheap for a sign-in. */
export const SCRYPT_PARAMS: ScryptParams = { algorithm: 'scrypt', N: 2 ** 15, r: 8, p: 1, keylen: 64 }

function derive(password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  // Room for the parameters' memory (128·N·r bytes) and some: node refuses above `maxmem`.
  const options: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r }
  return new Promise((done, fail) =>
    scrypt(password.normalize('NFC'), salt, p.keylen, options, (err, key) => (err ? fail(err) : done(key)))
  )
}

export async function hashPassword(password: string, params = SCRYPT_PARAMS): Promise<PasswordHash> {
  const salt = randomBytes(16)
  return { hash: (await derive(password, salt, params)).toString('hex'), salt: salt.toString('hex'), params }
}

/** Whether `password` is the one `stored` was made from (compared in constant time). */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.params.algorithm !== 'scrypt') return false
  const expected = Buffer.from(stored.hash, 'hex')
  const got = await derive(password, Buffer.from(stored.salt, 'hex'), stored.params)
  return got.length === expected.length && timingSafeEqual(got, expected)
}
