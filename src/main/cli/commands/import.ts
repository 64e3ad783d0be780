import { Option, type Command } from 'commander'
import type { SplitBy, SplitOrder, SplitRule } from '../../../shared/types/datasets'
import { CLI_JOB } from '../context'
import { terminalProgress } from '../progress-bar'
import { UsageError } from '../errors'
import { wholeNumber } from '../../../shared/decimal'
import type { RegisterCommand } from './register'
import { intFlag } from '../flags'

interface ImportFlags {
  name?: string
  map?: string
  seed?: string
  ratios?: string
  by?: SplitBy
  split: boolean
  concurrency?: string
  groupBy?: string
  subjects?: string
  blockSize?: string
  splitRule?: SplitRule
  splitOrder?: SplitOrder
}

/** A block larger than any folder (a million files) only says "no blocks" the long way. */
const MAX_BLOCK_SIZE = 1_000_000

/** `--block-size N` (0: no blocks). */
export function parseBlockSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = wholeNumber(text)
  if (!Number.isInteger(n) || n < 0 || n > MAX_BLOCK_SIZE)
    throw new UsageError(
      `invalid --block-size "${text}": expected a whole number from 0 to ${MAX_BLOCK_SIZE} (0 = split unknown subjects image by image)`
    )
  return n
}

/** `--split-rule`, `--split-order` and `--block-size`, the same on `import` and `split`. */
export function splitRuleOption(): Option {
  return new Option(
    '--split-rule <rule>',
    "subjects unknown: forward (default: each folder's newest files → test, the ones before → validation) or blocks (random blocks of --block-size neighbouring files)"
  ).choices(['forward', 'blocks'])
}

export function splitOrderOption(): Option {
  return new Option(
    '--split-order <order>',
    'forward rule: newest by natural file-name order (default) or by file modification time'
  ).choices(['name', 'mtime'])
}

export function blockSizeOption(): Option {
  return new Option(
    '--block-size <n>',
    'with --split-rule blocks: blocks of N neighbouring files (name order) kept in one split (0: image by image)'
  )
}

export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = wholeNumber(text)
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new UsageError(`invalid --seed "${text}": expected a whole number 0..4294967295`)
  return n
}

export async function parseRatiosFlag(
  text: string | undefined
): Promise<[number, number, number] | undefined> {
  if (text === undefined) return undefined
  const { parseRatios } = await import('../../core/splits/assign')
  try {
    return parseRatios(text)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

export const registerImport: RegisterCommand = (program, context) => {
  program
    .command('import')
    .description('Import a folder of cell images into a dataset (deduplicated by content) and split it')
    .argument('<dir>', 'folder to import: C-NMC (Kaggle) tree, one folder per class, or a flat folder')
    .option(
      '--name <name>',
      'dataset name (default: the folder name); importing again under it adds only new files'
    )
    .option('--map <mapping>', 'class mapping, case-insensitive, e.g. Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL')
    .option('--seed <n>', 'seed of the split made after import (default 42)')
    .option('--ratios <t,v,t>', 'train,val,test percentages of that split (default 70,15,15)')
    .addOption(
      new Option('--by <unit>', 'keep each subject in one split, or split image by image').choices([
        'subject',
        'image'
      ])
    )
    .option('--group-by <regex>', "subject id from each file name: the expression's first capture group")
    .option('--subjects <csv>', 'subject ids from a CSV with a file column and a subject column')
    .addOption(splitRuleOption())
    .addOption(splitOrderOption())
    .addOption(blockSizeOption())
    .option('--no-split', 'do not split after importing')
    .option('--concurrency <n>', 'files read and probed at once (default 8)')
    .addHelpText(
      'after',
      `
The layout is recognised automatically:
  C-NMC    training_data/fold_*/{all,hem} and the prelim test set with its labels CSV (classes ALL, HEM;
           subjects from UID_<subject>_… names and Patient_ID)
  classes  one folder per class (names from the folders; use --map to merge them into ALL/HEM)
  flat     images without folders: imported without labels (for scanning, not training)
Files that cannot be read (empty, truncated, not an image, unsupported) are listed with the reason and skipped;
the rest is stored in one transaction. The same content under two names is stored once (a duplicate).

Splitting: a new dataset is split right away (stratified by class, grouped by subject when subjects are known,
70/15/15, seed 42 unless given) so that training can start at once. Re-importing keeps every image's split and
places only new images. Run \`leukolens split DATASET\` to split again with other settings.
When no subject is known (no C-NMC names, no --group-by/--subjects), neighbouring files usually come from one
patient, and a lab uses a model on the patients after its training data. The default rule is forward: each
folder's files are ordered by natural name order (--split-order mtime: by file time), the newest 15% become the
test part, the 15% before them validation, the rest training. --split-rule blocks instead cuts each folder into
blocks of --block-size neighbouring files (default 100) placed at random. The output says which rule was used.

Examples:
  leukolens import ../shared/data/aria-all --map Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL
  leukolens import ../shared/data/cnmc-samples --json
  leukolens import cells/ --group-by '^P(\\d+)_'     # P12_0003.bmp → subject 12`
    )
    .action(async (dir: string, flags: ImportFlags, cmd: Command) => {
      const ctx = context(cmd)
      const concurrency = intFlag('--concurrency', flags.concurrency)
      const split = flags.split
        ? {
            seed: parseSeed(flags.seed),
            ratios: await parseRatiosFlag(flags.ratios),
            by: flags.by,
            blockSize: parseBlockSize(flags.blockSize),
            rule: flags.splitRule,
            order: flags.splitOrder
          }
        : (false as const)
      if (!ctx.json) ctx.onProgress(terminalProgress())
      const { importDataset } = await import('../../services/datasets')
      const summary = await importDataset(await ctx.gated('datasets:import'), {
        jobId: CLI_JOB,
        folder: dir,
        name: flags.name,
        map: flags.map,
        split,
        concurrency,
        groupBy: flags.groupBy,
        subjectsCsv: flags.subjects
      })
      const { formatImportSummary } = await import('./format-dataset')
      ctx.print(summary, () => formatImportSummary(summary))
    })
}
