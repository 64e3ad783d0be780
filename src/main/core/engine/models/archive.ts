/**
 * One-file export/import of a model version: a zip (fflate) holding `leukolens-model.json` (the version's
 * metadata) and `head/model.json` + `head/weights.bin`. The backbone is identified by its digest, not shipped:
 * importing needs the same backbone weights registered here (any name), which the error says how to get.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { writeAtomicallySync } from '../../files/staging'
import { join } from 'node:path'
import { strFromU8, strToU8, zipSync } from 'fflate'
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import type { ModelVersion } from '../../../../shared/types/models'
import { archiveMetaSchema, firstIssue } from './archive-schema'
import { isZipFile, readZipEntries, ZIP_LIMITS, ZipReadError } from '../../files/bounded-unzip'
import { HEAD_FILES, loadHead, writeFiles } from './head-files'
import { nonFiniteWeight } from '../finite-weights'
import { OOD_FILE, oodSizeProblem, oodValues } from '../../trust/ood-files'
import { backboneNameBySha } from '../../db/queries/backbones'
import { createModelVersion, getModel, modelDir } from './registry'
import { versionWithHeadWeights } from './same-head'

export const ARCHIVE_FORMAT = 'leukolens-model/1'
const META = 'leukolens-model.json'

export class ModelArchiveError extends Error {
  override name = 'ModelArchiveError'
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`)
  }
}

/** Writes the version to `file` (via a temporary name, so a failed export never leaves half a file). */
export async function exportModel(store: Store, dirs: DataDir, id: string, file: string): Promise<string> {
  const version = await getModel(store, id)
  const dir = await modelDir(store, dirs, id)
  const zip = zipSync({
    [META]: strToU8(JSON.stringify({ format: ARCHIVE_FORMAT, version }, null, 1)),
    head: Object.fromEntries(Object.values(HEAD_FILES).map((f) => [f, readFileSync(join(dir, f))])),
    // The unfamiliar-image detector travels with the version's trust profile.
    ...(version.trust && existsSync(join(dir, OOD_FILE))
      ? { trust: { [OOD_FILE]: readFileSync(join(dir, OOD_FILE)) } }
      : {})
  })
  writeAtomicallySync(file, (tmp) => writeFileSync(tmp, zip))
  return file
}

/** Imports an archive as a new version (new id; the original id is kept in the note). */
export async function importModel(
  store: Store,
  dirs: DataDir,
  file: string,
  options: { name?: string; activate?: boolean } = {}
): Promise<ModelVersion> {
  const { version: v, head, ood } = await readArchive(file)
  const backbone = await backboneNameBySha(store.k, v.backboneSha256)
  if (!backbone)
    throw new ModelArchiveError(
      file,
      `needs backbone "${v.backbone}" (sha256 ${v.backboneSha256.slice(0, 12)}…), which is not registered here: add the same weights with \`leukolens backbone add\` first`
    )
  await checkHeadFiles(dirs, head, v.featureDim, v.classes.length, file)
  const same = await versionWithHeadWeights(store, dirs, HEAD_FILES.weights, head[HEAD_FILES.weights])
  if (same)
    throw new ModelArchiveError(
      file,
      `already in the registry as model ${same.version.id} ("${same.version.name}"): same head weights (sha256 ${same.sha256.slice(0, 12)}…), so no second version was made${same.version.active ? '' : `; make it active with \`leukolens models activate ${same.version.id}\``}`
    )
  const { id: _id, createdAt: _c, active: _a, backboneSha256: _s, ...draft } = v
  // A trust profile without its detector file would point at nothing: keep both or neither.
  if (!ood) draft.trust = null
  const note = [v.note, `imported from ${file} (was ${v.id}, created ${v.createdAt})`]
    .filter(Boolean)
    .join('; ')
  const created = await createModelVersion(
    store,
    dirs,
    { ...draft, backbone, name: options.name ?? v.name, source: 'archive-import', note },
    head,
    { activate: options.activate, extraFiles: ood && draft.trust ? { [OOD_FILE]: ood } : undefined }
  )
  return created
}

/**
 * The archive's metadata and head files, each within its size limit (streamed: a zip bomb is refused early) and
 * every metadata field checked by the archive schema, so a hostile or damaged archive is refused with one sentence
 * naming the file and the field before anything is stored.
 */
export async function readArchive(
  file: string
): Promise<{ version: ModelVersion; head: Record<string, Uint8Array>; ood?: Uint8Array }> {
  const headNames = Object.values(HEAD_FILES).map((f) => `head/${f}`)
  let entries: Record<string, Uint8Array>
  try {
    if (!(await isZipFile(file))) throw new ZipReadError('not a zip file')
    entries = await readZipEntries(file, {
      [META]: ZIP_LIMITS.json,
      [`head/${HEAD_FILES.json}`]: ZIP_LIMITS.json,
      [`head/${HEAD_FILES.weights}`]: ZIP_LIMITS.headWeights,
      [`trust/${OOD_FILE}`]: ZIP_LIMITS.oodDetector
    })
  } catch (err) {
    const reason = err instanceof ZipReadError ? err.message : `cannot be read (${(err as Error).message})`
    throw new ModelArchiveError(file, `not a readable model archive: ${reason}`)
  }
  if (!entries[META]) throw new ModelArchiveError(file, `no ${META}: not a Leukolens model archive`)
  let raw: unknown
  try {
    raw = JSON.parse(strFromU8(entries[META]))
  } catch (err) {
    throw new ModelArchiveError(file, `${META} is not valid JSON (${(err as Error).message})`)
  }
  const format = (raw as { format?: unknown } | null)?.format
  if (format !== ARCHIVE_FORMAT)
    throw new ModelArchiveError(
      file,
      `unknown archive format ${JSON.stringify(format)} (expected ${ARCHIVE_FORMAT})`
    )
  const parsed = archiveMetaSchema.safeParse(raw)
  if (!parsed.success) throw new ModelArchiveError(file, `${META}: ${firstIssue(parsed.error)}`)
  const v = parsed.data.version as unknown as ModelVersion
  if (v.threshold && !v.classes.includes(v.threshold.positiveClass))
    throw new ModelArchiveError(
      file,
      `${META}: version.threshold.positiveClass "${v.threshold.positiveClass}" is not one of the classes (${v.classes.join(', ')})`
    )
  const ood = entries[`trust/${OOD_FILE}`]
  if (v.trust && ood) checkDetector(file, v, ood)
  const head: Record<string, Uint8Array> = {}
  for (const [name, f] of headNames.map((n, i) => [n, Object.values(HEAD_FILES)[i]] as const)) {
    if (!entries[name]) throw new ModelArchiveError(file, `${name} is missing`)
    head[f] = entries[name]
  }
  return { version: v, head, ood }
}

/** The detector's declared dimensions against the feature size, and `trust/ood.bin` against them. */
function checkDetector(file: string, v: ModelVersion, bytes: Uint8Array): void {
  const ood = v.trust!.ood
  if (ood.dim !== v.featureDim)
    throw new ModelArchiveError(
      file,
      `${META}: version.trust.ood.dim is ${ood.dim}, but the model's features have ${v.featureDim} values`
    )
  if (ood.rank !== undefined && ood.rank > ood.dim)
    throw new ModelArchiveError(
      file,
      `${META}: version.trust.ood.rank is ${ood.rank}, more than the ${ood.dim} feature values it projects`
    )
  const problem =
    bytes.byteLength % 4
      ? `${bytes.byteLength} bytes is not whole float32 values`
      : oodSizeProblem(oodValues(bytes), ood, v.classes.length)
  if (problem) throw new ModelArchiveError(file, `trust/${OOD_FILE} does not match the metadata: ${problem}`)
}

/** Loads the head from a scratch folder to prove the files are a model of the stated shape. */
async function checkHeadFiles(
  dirs: DataDir,
  head: Record<string, Uint8Array>,
  featureDim: number,
  classes: number,
  file: string
) {
  const scratch = mkdtempSync(join(dirs.tmp, `check-${process.pid}-`))
  try {
    writeFiles(scratch, head)
    const model = await loadHead(scratch).catch((err: Error) => {
      throw new ModelArchiveError(file, `the head inside is not a loadable TF.js model (${err.message})`)
    })
    const [inShape, outShape] = [model.inputs[0].shape, model.outputs[0].shape]
    const bad = nonFiniteWeight(model)
    model.dispose()
    if (bad)
      throw new ModelArchiveError(
        file,
        `the head's weight ${bad} holds values that are not finite (NaN or infinity)`
      )
    if (inShape[1] !== featureDim || outShape[1] !== classes)
      throw new ModelArchiveError(
        file,
        `head maps [${inShape}] → [${outShape}], metadata says ${featureDim} features → ${classes} classes`
      )
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
