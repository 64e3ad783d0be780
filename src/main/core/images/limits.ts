/**
 * Images larger than this many pixels are refused from their header, before any pixel is decoded: a 746 KB PNG
 * can hold 16000×16000 pixels (about 1 GB decoded). Cells are far smaller; the `images.maxMegapixels` setting
 * changes it.
 */
export const DEFAULT_MAX_PIXELS = 50_000_000
