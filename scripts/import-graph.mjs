// The static import graph of our TypeScript sources, read with a regular expression (no compiler): enough to
// find cycles and to see which npm packages a module loads at start. `import type` / `export type` lines and
// dynamic `import()` are left out — neither loads anything when the importing module starts. The cycle check can
// take type-only imports in too (`types`): a type cycle loads nothing, but it still ties modules that should stand
// apart (a registry and its members), so a reader cannot take one in without the other.
//
//   node scripts/import-graph.mjs cycles [DIR] [--types]  import cycles among the files under DIR (default src/main)
//   node scripts/import-graph.mjs packages FILE         npm packages FILE loads at start, with one path to each
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm
const TYPE_IMPORT = /^\s*(?:import|export)\s+type\b[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm

/** Every .ts/.tsx file under `dir`. */
export function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(p)
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : []
  })
}

function resolveLocal(from, spec) {
  const base = resolve(dirname(from), spec)
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')])
    if (existsSync(c) && statSync(c).isFile()) return c
  return null
}

/**
 * `{ local: string[] files, packages: string[] npm packages }` one file imports statically; with `types`, its
 * `import type` / `export type … from` lines too.
 */
export function staticImports(file, { types = false } = {}) {
  const text = readFileSync(file, 'utf8')
  const local = []
  const packages = []
  const matches = [...text.matchAll(STATIC_IMPORT), ...(types ? text.matchAll(TYPE_IMPORT) : [])]
  for (const m of matches) {
    const spec = m[1]
    if (spec.startsWith('.')) {
      const r = resolveLocal(file, spec)
      if (r) local.push(r)
    } else if (!spec.startsWith('node:')) {
      packages.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0])
    }
  }
  return { local, packages }
}

/**
 * Import cycles among the files under `dir`, each as the list of files (relative to the repo) around it; with
 * `types`, type-only imports count too.
 */
export function findCycles(dir = join(root, 'src/main'), { types = false } = {}) {
  const files = new Set(sourceFiles(dir))
  const edges = new Map(
    [...files].map((f) => [f, staticImports(f, { types }).local.filter((t) => files.has(t))])
  )
  const cycles = []
  const state = new Map() // 1 = on the stack, 2 = done
  const stack = []
  const visit = (f) => {
    state.set(f, 1)
    stack.push(f)
    for (const t of edges.get(f) ?? []) {
      if (state.get(t) === 1) cycles.push(stack.slice(stack.indexOf(t)).map((p) => relative(root, p)))
      else if (!state.has(t)) visit(t)
    }
    stack.pop()
    state.set(f, 2)
  }
  for (const f of files) if (!state.has(f)) visit(f)
  return cycles
}

/** The npm packages `entry` loads at start (static imports, transitively), each with the chain of files to it. */
export function packagesLoadedBy(entry) {
  const seen = new Map([[resolve(entry), null]])
  const queue = [resolve(entry)]
  const found = new Map()
  while (queue.length) {
    const f = queue.shift()
    const { local, packages } = staticImports(f)
    const chain = () => {
      const out = []
      for (let p = f; p; p = seen.get(p)) out.unshift(relative(root, p))
      return out
    }
    for (const p of packages) if (!found.has(p)) found.set(p, chain())
    for (const t of local)
      if (!seen.has(t)) {
        seen.set(t, f)
        queue.push(t)
      }
  }
  return found
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const [cmd, ...rest] = process.argv.slice(2)
  const types = rest.includes('--types')
  const arg = rest.find((a) => a !== '--types')
  if (cmd === 'cycles') {
    const cycles = findCycles(arg ? resolve(arg) : undefined, { types })
    for (const c of cycles) console.log(`cycle: ${[...c, c[0]].join(' → ')}`)
    console.log(`${cycles.length} cycle(s)`)
    process.exitCode = cycles.length ? 1 : 0
  } else if (cmd === 'packages' && arg) {
    for (const [p, chain] of packagesLoadedBy(arg)) console.log(`${p.padEnd(28)} ${chain.join(' → ')}`)
  } else {
    console.error('usage: node scripts/import-graph.mjs cycles [DIR] | packages FILE')
    process.exitCode = 2
  }
}
