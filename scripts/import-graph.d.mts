/** Types of scripts/import-graph.mjs (used by tests/unit/config.test.ts). */
export function sourceFiles(dir: string): string[]
export function staticImports(file: string): { local: string[]; packages: string[] }
export function findCycles(dir?: string): string[][]
export function packagesLoadedBy(entry: string): Map<string, string[]>
