import { Option, type Command } from 'commander'
import type { SplitBy, SplitOrder, SplitRule } from '../../../shared/types/datasets'
import type { RegisterCommand } from './register'
import {
  blockSizeOption,
  parseBlockSize,
  parseRatiosFlag,
  parseSeed,
  splitOrderOption,
  splitRuleOption
} from './import'

export const registerSplit: RegisterCommand = (program, context) => {
  program
    .command('split')
    .description('Split a dataset into train/val/test again (stratified, grouped by subject, seeded)')
    .argument('<dataset>', 'dataset name')
    .option('--seed <n>', 'seed; the same seed gives the same split (default 42)')
    .option('--ratios <t,v,t>', 'train,val,test percentages (default 70,15,15)')
    .addOption(
      new Option(
        '--by <unit>',
        'subject: no subject in two splits (default); image: image by image (leaks across patients)'
      ).choices(['subject', 'image'])
    )
    .addOption(splitRuleOption())
    .addOption(splitOrderOption())
    .addOption(blockSizeOption())
    .addHelpText(
      'after',
      `
Replaces the dataset's stored split. Each class is split on its own (stratified). When subjects (patients) are
known, all images of a subject go to one split, so validation and test scores are not inflated by near-identical
cells of a patient seen in training; a class with fewer subjects than splits cannot fill every split, and the
output says so. When subjects are unknown, the default rule is forward: in each folder the newest files (natural
name order, or file time with --split-order mtime) are the test part and the ones before them validation;
--split-rule blocks groups neighbouring files into random blocks of --block-size files instead. Unlabelled
images are not split.`
    )
    .action(
      async (
        name: string,
        flags: {
          seed?: string
          ratios?: string
          by?: SplitBy
          blockSize?: string
          splitRule?: SplitRule
          splitOrder?: SplitOrder
        },
        cmd: Command
      ) => {
        const ctx = context(cmd)
        const request = {
          name,
          seed: parseSeed(flags.seed),
          ratios: await parseRatiosFlag(flags.ratios),
          by: flags.by,
          blockSize: parseBlockSize(flags.blockSize),
          rule: flags.splitRule,
          order: flags.splitOrder
        }
        const summary = await (
          await import('../../services/datasets')
        ).split(await ctx.gated('datasets:split'), request)
        const { formatSplitTable } = await import('../../core/splits/report')
        ctx.print(summary, () => formatSplitTable(summary))
      }
    )
}
