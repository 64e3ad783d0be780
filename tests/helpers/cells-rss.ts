/** Child process for the huge-field test: finds cells in one file and reports them with the peak resident memory. */
import { findCellsInFile } from '../../src/main/core/cells/field-file'

const r = await findCellsInFile(process.argv[2])
process.stdout.write(
  JSON.stringify({
    width: r.width,
    height: r.height,
    cells: r.cells.map(({ x, y, width, height }) => ({ x, y, width, height })),
    maxRssMb: process.resourceUsage().maxRSS / 1024
  })
)
