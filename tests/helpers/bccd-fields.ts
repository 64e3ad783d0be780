import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedPath } from './shared'

/**
 * A folder of real BCCD smear fields in two samples — sample-A with fields 00001 and 00002, sample-B with 00010 and
 * a file that is not an image — as the field-scan tests scan it (recursively). Returns the folder.
 */
export function bccdSampleFields(folder: string): string {
  mkdirSync(join(folder, 'sample-A'), { recursive: true })
  mkdirSync(join(folder, 'sample-B'), { recursive: true })
  for (const n of ['00001', '00002'])
    copyFileSync(
      sharedPath(`data/bccd-fields/JPEGImages/BloodImage_${n}.jpg`),
      join(folder, 'sample-A', `f${n}.jpg`)
    )
  copyFileSync(
    sharedPath('data/bccd-fields/JPEGImages/BloodImage_00010.jpg'),
    join(folder, 'sample-B', 'f00010.jpg')
  )
  writeFileSync(join(folder, 'sample-B', 'broken.jpg'), 'not a field')
  return folder
}
