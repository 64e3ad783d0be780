import type { LeukolensApi } from '../shared/contract'

declare global {
  interface Window {
    /** The contract, exposed by the preload (or, in end-to-end tests only, by the test server's shim). */
    leukolens: LeukolensApi
  }
}
export {}
