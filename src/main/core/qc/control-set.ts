/**
 * A control set's reference images: every image under its folder with the class it is known to be, from a CSV
 * (`--reference`) or from the folder each image sits in (class-per-folder, as `import` reads it). An image the
 * reference does not name has no expected class and is refused: a control set is only as good as its labels.
 */
import { relative, resolve, sep } from 'node:path'
import { listImageFiles } from '../scan/files'
import type { ClassMapping } from '../import/class-map'
import { classFromFolder, readReferenceCsv, referenceOf, ReferenceFileError } from '../lab/reference'

export interface ControlItem {
  /** Relative to the set's folder, `/`-separated. */
  path: string
  expected: string
}

export function readControlSet(
  folder: string,
  opts: { reference?: string; map?: ClassMapping } = {}
): ControlItem[] {
  const root = resolve(folder)
  const files = listImageFiles(root, true)
  if (!files.length) throw new ReferenceFileError(`${root}: no images in the control set's folder`)
  const csv = opts.reference ? readReferenceCsv(opts.reference, opts.map) : undefined
  const items: ControlItem[] = []
  const unnamed: string[] = []
  for (const f of files) {
    const expected = csv ? referenceOf(csv, root, f) : classFromFolder(root, f, opts.map)
    const path = relative(root, f).split(sep).join('/')
    if (expected) items.push({ path, expected })
    else unnamed.push(path)
  }
  if (unnamed.length)
    throw new ReferenceFileError(
      `${root}: ${unnamed.length} image(s) without an expected class (${unnamed.slice(0, 3).join(', ')}${unnamed.length > 3 ? ', …' : ''}): ${csv ? `name each in ${opts.reference}` : 'put each in a folder named after its class, or give --reference CSV'}`
    )
  return items
}
