/**
 * Thin access to HDF5 files through h5wasm (the maintained HDF5 reader for JavaScript; its Node build reads
 * real file paths). Keeps every h5wasm detail in one module.
 */
import type { Dataset, File as H5File, Group } from 'h5wasm/node'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EngineFileError } from './file-error'

export type { Dataset, H5File, Group }

/** One weight array as Keras stores it: Conv2D kernel [kh, kw, in, out], BN vectors [c], Dense [in, out]. */
export interface WeightArray {
  /** The HDF5 path or Keras weight name (`conv1_conv/kernel`, `layers/dense/vars/0`). */
  name: string
  shape: number[]
  values: Float32Array
}

/** A file that is not readable as Keras weights: names the file and the problem. */
export class KerasFileError extends EngineFileError {
  override name = 'KerasFileError'
}

type H5Wasm = typeof import('h5wasm/node').default
let loading: Promise<H5Wasm> | undefined

/**
 * h5wasm is loaded on first use, not at import, so that threads that never read an HDF5 file (extraction
 * workers, the scan) never pay for it. Under plain node it costs ~40 MB; a thread running through tsx's hooks
 * (the CLI, workers from source) pays ~640 MB, because tsx rewrites its 4 MB module with an inline source map
 * (measured: 79 MB resident under `node`, 698 MB under `node --import tsx`). The extraction pool's weights
 * reader loads it ahead of tsx (workers/spawn.ts `preload`).
 */
function loadH5wasm(): Promise<H5Wasm> {
  loading ??= import('h5wasm/node').then(async (m) => {
    const module = await m.default.ready
    // HDF5's default error handler prints a ~20-line "HDF5-DIAG" stack to stderr on every failure; h5wasm's
    // throwing handler puts that stack into a JS exception instead, which openH5 condenses into one sentence.
    module.activate_throwing_error_handler()
    return m.default
  })
  return loading
}

/** Whether this thread has started loading h5wasm (the extraction workers report it: they must not). */
export function h5wasmLoaded(): boolean {
  return loading !== undefined
}

/**
 * The innermost cause of an HDF5 error stack ("#011: …H5Fsuper_cache.c line 165 in …(): bad superblock version
 * number" gives "bad superblock version number"): the deepest frame says what is wrong with the file.
 */
function hdf5Cause(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  const frames = [...message.matchAll(/^\s*#\d+: .* in [\w:]+\(\): (.+)$/gm)]
  return frames.length ? frames[frames.length - 1][1].trim() : message.split('\n')[0]
}

/** Opens an HDF5 file read-only; a corrupt or non-HDF5 file becomes a KerasFileError naming it. */
export async function openH5(path: string): Promise<H5File> {
  const h5wasm = await loadH5wasm()
  try {
    const f = new h5wasm.File(path, 'r')
    // h5wasm reports an unreadable file with file_id 0 (negative on some versions) instead of throwing.
    if (!(Number(f.file_id) > 0)) throw new Error('not an HDF5 file')
    return f
  } catch (err) {
    throw new KerasFileError(
      path,
      `cannot open as HDF5 (${hdf5Cause(err)}); the file is corrupt or not a Keras weights file`
    )
  }
}

/** Opens HDF5 bytes (e.g. `model.weights.h5` from inside a `.keras` zip) via a private temporary file. */
export async function withH5Bytes<T>(
  bytes: Uint8Array,
  label: string,
  use: (f: H5File) => Promise<T> | T
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'leukolens-h5-'))
  const file = join(dir, 'weights.h5')
  try {
    writeFileSync(file, bytes)
    const f = await openH5(file).catch((err: KerasFileError) => {
      throw new KerasFileError(label, err.reason)
    })
    try {
      return await use(f)
    } finally {
      f.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Attribute value as a list of strings (Keras writes `layer_names`/`weight_names` as byte or utf-8 strings). */
export function stringListAttr(node: Group | H5File, key: string): string[] | undefined {
  const a = node.attrs[key]
  if (!a) return undefined
  const v = a.value as unknown
  if (typeof v === 'string') return [v]
  if (Array.isArray(v))
    return v.map((x) => (x instanceof Uint8Array ? new TextDecoder().decode(x) : String(x)))
  return undefined
}

export function stringAttr(node: Group | H5File, key: string): string | undefined {
  return stringListAttr(node, key)?.[0]
}

export function isGroup(x: unknown): x is Group {
  return !!x && (x as { constructor: { name: string } }).constructor.name === 'Group'
}

export function isDataset(x: unknown): x is Dataset {
  return !!x && (x as { constructor: { name: string } }).constructor.name === 'Dataset'
}

/** Reads a numeric dataset as float32 with its shape. */
export function readArray(file: string, ds: Dataset, name: string): WeightArray {
  const shape = (ds.shape ?? []) as number[]
  const raw = ds.value as unknown
  let values: Float32Array
  if (raw instanceof Float32Array) values = raw
  else if (ArrayBuffer.isView(raw) && !(raw instanceof DataView))
    values = Float32Array.from(raw as unknown as ArrayLike<number>)
  else if (typeof raw === 'number') values = Float32Array.of(raw)
  else throw new KerasFileError(file, `weight ${name} is not a numeric array (dtype ${String(ds.dtype)})`)
  const expected = shape.reduce((a, b) => a * b, 1)
  if (values.length !== expected)
    throw new KerasFileError(
      file,
      `weight ${name} holds ${values.length} values for shape [${shape.join(', ')}]`
    )
  return { name, shape, values }
}
