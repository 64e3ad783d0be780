import { join } from 'node:path'
import { expect } from 'vitest'
import { runCliInput, runCliWith } from './cli'

/**
 * Brings a model trained in a workstation's data folder to a lab's shared database the way a lab does it: the
 * backbone added there, the version exported from the workstation and imported and activated there (workers and
 * other workstations then fetch its files by checksum). `researcher` signs in on the shared database: models and
 * backbones are a researcher's to manage.
 */
export async function publishModel(opts: {
  dataDir: string
  modelId: string
  backboneDir: string
  backboneName: string
  databaseUrl: string
  researcher: { name: string; password: string }
  archive: string
}): Promise<string> {
  const alone = {
    LEUKOLENS_DATABASE_URL: undefined,
    LEUKOLENS_USER: undefined,
    LEUKOLENS_PASSWORD: undefined
  }
  const exported = await runCliWith(
    alone,
    '--data-dir',
    opts.dataDir,
    'models',
    'export',
    opts.modelId,
    opts.archive
  )
  expect(exported.err).toBe('')
  const shared = (...argv: string[]) =>
    runCliInput(
      undefined,
      {
        LEUKOLENS_DATABASE_URL: opts.databaseUrl,
        LEUKOLENS_USER: opts.researcher.name,
        LEUKOLENS_PASSWORD: opts.researcher.password
      },
      '--data-dir',
      opts.dataDir,
      ...argv
    )
  const added = await shared(
    'backbone',
    'add',
    opts.backboneDir,
    '--name',
    opts.backboneName,
    '--preprocess',
    'tf'
  )
  expect(added.err).toBe('')
  const imported = await shared('--json', 'models', 'import', opts.archive)
  expect(imported.err).toBe('')
  const id = (JSON.parse(imported.out) as { id: string }).id
  expect((await shared('models', 'activate', id)).err).toBe('')
  return id
}

/** Where tinyModelSetup leaves its backbone. */
export const tinyBackboneDir = (root: string): string => join(root, 'tiny-backbone')
