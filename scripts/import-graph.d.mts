/** Types of scripts/import-graph.mjs (used by tests/unit/config.test.ts). */
export function sourceFiles(dir: string): string[]
/** `types`: count `import type` / `export type … from` lines too. */
export function staticImports(
  file: string,
  options?: { types?: boolean }
): { local: string[]; packages: string[] }
export function findCycles(dir?: string, options?: { types?: boolean }): string[][]
export function packagesLoadedBy(entry: string): Map<string, string[]>
