/** Slot props for a select whose empty choice ("any", "active") is shown as a value, with its label above it. */
export const EMPTY_SHOWN = { select: { displayEmpty: true }, inputLabel: { shrink: true } }
