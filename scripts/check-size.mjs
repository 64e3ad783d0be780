#!/usr/bin/env node
// Prints source files over 400 lines and functions over 150 lines (src/, TypeScript and TSX), and exits 1 when
// there is any: files small enough to read in one sitting, functions that fit on a screen or two. Functions are
// found with the TypeScript parser (declarations, methods, arrow functions, function expressions); a nested
// function is measured on its own as well as inside the one around it.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const MAX_FILE_LINES = 400
const MAX_FUNCTION_LINES = 150
const root = fileURLToPath(new URL('..', import.meta.url))
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['src']

function* sources(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) yield* sources(p)
    else if (/\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) yield p
  }
}

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text
  const parent = node.parent
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text
  if (ts.isConstructorDeclaration(node)) return 'constructor'
  return '(anonymous)'
}

const files = []
const functions = []
for (const dir of dirs)
  for (const file of sources(join(root, dir))) {
    const text = readFileSync(file, 'utf8')
    const name = relative(root, file)
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
    if (lines > MAX_FILE_LINES) files.push({ name, lines })
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line
        const n = end - start + 1
        if (n > MAX_FUNCTION_LINES)
          functions.push({ name, line: start + 1, fn: functionName(node), lines: n })
      }
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }

files.sort((a, b) => b.lines - a.lines)
functions.sort((a, b) => b.lines - a.lines)
for (const f of files) console.log(`file over ${MAX_FILE_LINES} lines: ${f.name} (${f.lines})`)
for (const f of functions)
  console.log(`function over ${MAX_FUNCTION_LINES} lines: ${f.name}:${f.line} ${f.fn} (${f.lines})`)
if (files.length || functions.length) {
  console.log(`${files.length} file(s) and ${functions.length} function(s) over the limits`)
  process.exit(1)
}
console.log(`no source file over ${MAX_FILE_LINES} lines, no function over ${MAX_FUNCTION_LINES} lines`)
