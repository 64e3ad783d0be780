declare const __LEUKOLENS_VERSION__: string | undefined

/** package.json's version, put in by the build (vite.cli.config.ts); 'source' when run unbuilt (tests). */
export const VERSION = typeof __LEUKOLENS_VERSION__ === 'string' ? __LEUKOLENS_VERSION__ : 'source'
