#!/usr/bin/env node
// Fetches the official Keras DenseNet121 ImageNet no-top weights into resources/weights/ for packaging
// (electron-builder.yml bundles them as an extra resource), checking the md5 Keras publishes. Needs a network:
// offline it says which file to bring and where to put it.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The file's one definition (URL, md5, name) is shared with the app and the CLI.
const WEIGHTS = JSON.parse(
  readFileSync(new URL('../src/shared/densenet121-weights.json', import.meta.url), 'utf8')
)
const NAME = WEIGHTS.file
const URL_ = WEIGHTS.url
const MD5 = WEIGHTS.md5
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'weights', NAME)

const md5 = (buf) => createHash('md5').update(buf).digest('hex')

if (existsSync(target) && md5(readFileSync(target)) === MD5) {
  console.log(`${target}: present, md5 ok`)
  process.exit(0)
}
mkdirSync(dirname(target), { recursive: true })
let res
try {
  res = await fetch(URL_)
} catch (err) {
  console.error(
    `Could not download ${URL_} (${err.cause?.code ?? err.message}).\nBring the file from a machine with a network and put it at:\n  ${target}\n(md5 ${MD5})`
  )
  process.exit(1)
}
if (!res.ok) {
  console.error(`${URL_}: HTTP ${res.status}`)
  process.exit(1)
}
const total = Number(res.headers.get('content-length') ?? 0)
const chunks = []
let got = 0
for await (const chunk of res.body) {
  chunks.push(chunk)
  got += chunk.length
  if (total)
    process.stderr.write(`\r${NAME}: ${((100 * got) / total).toFixed(0)}% of ${(total / 1e6).toFixed(1)} MB`)
}
process.stderr.write('\n')
const buf = Buffer.concat(chunks)
const sum = md5(buf)
if (sum !== MD5) {
  console.error(`md5 mismatch: got ${sum}, expected ${MD5}; nothing was written`)
  process.exit(1)
}
const tmp = `${target}.part`
writeFileSync(tmp, buf)
renameSync(tmp, target)
rmSync(tmp, { force: true })
console.log(`${target}: downloaded, md5 ok`)
