import { createContext } from 'react'

/** Crop path → "cell n · field name" in a whole-field scan (logic/field-view.ts); empty for cell scans. */
export const CellNames = createContext<ReadonlyMap<string, string>>(new Map())
