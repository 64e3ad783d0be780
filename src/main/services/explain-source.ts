/**
 * What a Grad-CAM is computed from: the image file when this workstation can read it, else the copy of the cell
 * the shared store keeps (core/blobs/cell-copy.ts) — and, then, a sentence saying so, with the probability on the
 * copy when it differs from the stored prediction. A heatmap is never passed off as the original's.
 */
import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { resolve } from 'node:path'
import { storedCellPicture, type StoredCellPicture } from '../core/blobs/cell-copy'
import { pathsOfContent } from '../core/db/queries/cell-copies'
import { latestPrediction, latestShaAtPath } from '../core/db/queries/scans'
import { explainImage, explainPixels, type ExplainModel, type Explanation } from '../core/explain/explain'
import { FileProblemError } from '../core/file-error'
import type { ScanModel } from '../core/scan/options'
import { applyTemperature } from '../core/trust/temperature'
import type { Prediction } from '../../shared/types/scan'
import type { ServiceContext } from './context'
import { imageSha256 } from './review'

/** Where the heatmap's input came from. */
export interface ExplainSource {
  /** `file`: the image file here; `input-copy`: the stored copy of a model input; `thumbnail`: the 96-px one. */
  kind: 'file' | StoredKind
  /** Said with the heatmap whenever it is not from the file; null when it is. */
  note: string | null
  /** For a stored copy: the calibrated probability of the explained class on it, and the stored prediction's. */
  copyProbability?: number
  storedProbability?: number
}

type StoredKind = 'input-copy' | 'thumbnail'

export interface ExplainedImage extends Explanation {
  source: ExplainSource
}

/** Why a file cannot be read here, or undefined when it can. */
async function unreadable(path: string): Promise<string | undefined> {
  try {
    await access(path, constants.R_OK)
    return undefined
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? 'the original file is not on this workstation'
      : `the original file cannot be read here (${code ?? 'unreadable'})`
  }
}

/** The model and its scan-side twin (calibration), as the session keeps them (services/scanning.ts). */
export interface ExplainModels {
  id: string
  model: ExplainModel
  scanModel: ScanModel
}

/**
 * Grad-CAM of an image named by path (a file here, or one a scan recorded) or by its SHA-256 (or a unique prefix
 * of it, as `history` prints), from the file when one of its recorded paths is readable here, else from the
 * stored copy. `out` gets the heatmap (and overlay); `className` defaults to the stored prediction's class for a
 * copy (a copy's own answer may differ) and to the predicted one for a file.
 */
export async function explainTarget(
  ctx: ServiceContext,
  loaded: ExplainModels,
  target: string,
  out: { heatmap: string; overlay?: string },
  className?: string
): Promise<ExplainedImage> {
  const path = resolve(target)
  if ((await unreadable(path)) === undefined)
    return { ...(await explainImage(loaded.model, path, out, className)), source: FROM_FILE }
  const sha256 = await imageSha256(ctx, target)
  return explainScanned(
    ctx,
    loaded,
    sha256,
    /^[0-9a-f]{6,64}$/i.test(target) ? undefined : path,
    out,
    className
  )
}

/** `explainTarget` of a path a scan recorded (the window's case: the path is all it has). */
export async function explainScannedPath(
  ctx: ServiceContext,
  loaded: ExplainModels,
  path: string,
  out: { heatmap: string; overlay?: string },
  className?: string
): Promise<ExplainedImage | undefined> {
  const sha256 = await latestShaAtPath(ctx.store.k, path)
  // The window's folder rule refused the path: no file is read here, whatever lies at it now.
  return sha256 ? explainScanned(ctx, loaded, sha256, path, out, className, false) : undefined
}

export const FROM_FILE: ExplainSource = { kind: 'file', note: null }

async function explainScanned(
  ctx: ServiceContext,
  loaded: ExplainModels,
  sha256: string,
  named: string | undefined,
  out: { heatmap: string; overlay?: string },
  className?: string,
  readFiles = true
): Promise<ExplainedImage> {
  const paths = await pathsOfContent(ctx.store.k, sha256)
  // A copy of the same content elsewhere on this workstation is the original too.
  if (readFiles)
    for (const p of named ? [named, ...paths] : paths)
      if ((await unreadable(p)) === undefined)
        return { ...(await explainImage(loaded.model, p, out, className)), source: FROM_FILE }
  const path = named ?? paths[0] ?? sha256
  const why = (await unreadable(path)) ?? 'the original file cannot be shown here'
  const picture = await storedCellPicture(ctx.store.k, sha256, loaded.model.preprocessing)
  if (!picture)
    throw new FileProblemError(path, `${why}, and the database holds no copy of the cell to explain`)
  const stored =
    (await latestPrediction(ctx.store.k, sha256, loaded.id, false)) ??
    (await latestPrediction(ctx.store.k, sha256, loaded.id, true))
  const cls = className ?? stored?.predicted
  const r = await explainPixels(loaded.model, picture.pixels, path, out, cls)
  return { ...r, source: sourceOf(loaded, picture, why, r, stored) }
}

const pct = (p: number): string => `${(100 * p).toFixed(1)}%`

/** The sentence said with a heatmap computed from a stored copy. */
function sourceOf(
  loaded: ExplainModels,
  picture: StoredCellPicture,
  why: string,
  r: Explanation,
  stored: Prediction | undefined
): ExplainSource {
  const side = loaded.model.preprocessing.inputSize
  const from =
    picture.kind === 'thumbnail'
      ? `from the stored ${picture.side}-px copy, ${picture.side < side ? 'enlarged' : 'resized'} to ${side} px`
      : picture.exact
        ? `from the stored ${side}-px copy of the model input (what the model saw of the original)`
        : `from the stored ${picture.side}-px copy of another model's input, resized to ${side} px`
  const kind: StoredKind = picture.kind === 'thumbnail' ? 'thumbnail' : 'input-copy'
  const t = loaded.scanModel.trust
  const copyProbability = (t ? applyTemperature(r.probabilities, t.temperature) : r.probabilities)[
    r.classIndex
  ]
  const storedProbability = stored?.probabilities[stored.classes.indexOf(r.className)]
  let differs = ''
  if (storedProbability === undefined)
    differs = picture.exact ? '' : `; no stored prediction of this model version to compare it with`
  else if (pct(copyProbability) !== pct(storedProbability))
    differs =
      `; on this copy the model gives ${r.className} ${pct(copyProbability)}, the scan stored ` +
      `${pct(storedProbability)} from the original: read the heatmap as approximate`
  return {
    kind,
    note: `Grad-CAM computed ${from}; ${why}${differs}`,
    copyProbability,
    storedProbability
  }
}
