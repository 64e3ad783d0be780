/**
 * A class mapping such as `Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL`: source class names (folder names) are matched
 * case-insensitively; the targets are kept as written. Stored with the dataset, keyed by lower-case source.
 */
export type ClassMapping = Record<string, string>

export class ClassMapError extends Error {
  override name = 'ClassMapError'
}

export function parseClassMap(text: string): ClassMapping {
  const map: ClassMapping = {}
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=')
    const from = eq > 0 ? part.slice(0, eq).trim() : ''
    const to = eq > 0 ? part.slice(eq + 1).trim() : ''
    if (!from || !to)
      throw new ClassMapError(`bad class mapping "${part}": expected SOURCE=LABEL, e.g. Benign=HEM`)
    const key = from.toLowerCase()
    if (map[key] !== undefined && map[key] !== to) {
      throw new ClassMapError(`class "${from}" is mapped twice (to ${map[key]} and ${to})`)
    }
    map[key] = to
  }
  if (!Object.keys(map).length) throw new ClassMapError('empty class mapping')
  return map
}

export function formatClassMap(map: ClassMapping): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}

/**
 * Checks a mapping against the classes actually found: every found class must be mapped and every mapped name
 * must exist, so a typo cannot silently leave a third class (or drop one) in a two-class dataset.
 */
export function checkClassMap(map: ClassMapping, found: readonly string[]): void {
  const foundLower = new Set(found.map((c) => c.toLowerCase()))
  const unknown = Object.keys(map).filter((k) => !foundLower.has(k))
  const unmapped = found.filter((c) => map[c.toLowerCase()] === undefined)
  const problems: string[] = []
  if (unknown.length) problems.push(`no class named ${unknown.join(', ')} in the folder`)
  if (unmapped.length) problems.push(`class ${unmapped.join(', ')} not mapped`)
  if (problems.length) {
    throw new ClassMapError(
      `class mapping does not fit: ${problems.join('; ')} (classes found: ${found.join(', ')})`
    )
  }
}

/** The label a source class gets: its mapping when there is one, else its own name. */
export function mapLabel(map: ClassMapping, source: string | null): string | null {
  if (source === null) return null
  return map[source.toLowerCase()] ?? source
}
