import type { RegisterCommand } from './register'
import { registerImport } from './import'
import { registerDatasets } from './datasets'
import { registerSplit } from './split'
import { registerTrain } from './train'
import { registerEvaluate } from './evaluate'
import { registerModels } from './models'
import { registerScan } from './scan'
import { registerWorker } from './worker'
import { registerHistory } from './history'
import { registerReview } from './review'
import { registerExplain } from './explain'
import { registerReport } from './report'
import { registerDoctor } from './doctor'
import { registerBackbone } from './backbone'
import { registerFeatures } from './features'
import { registerCells } from './cells'
import { registerSettings } from './settings'
import { registerDb } from './db'
import { registerQc } from './qc'
import { registerValidate } from './validate'
import { registerLis, registerSampleLis } from './sample-lis'
import { registerUsers } from './users'
import { registerSign } from './sign'
import { registerServer } from './server'

export type { RegisterCommand } from './register'

/** Every command group of `leukolens`, one module each. */
export const COMMANDS: RegisterCommand[] = [
  registerImport,
  registerDatasets,
  registerSplit,
  registerScan,
  registerWorker,
  registerHistory,
  registerReview,
  registerExplain,
  registerReport,
  registerTrain,
  registerEvaluate,
  registerModels,
  registerDoctor,
  registerBackbone,
  registerFeatures,
  registerSettings,
  registerDb,
  registerCells,
  registerQc,
  registerValidate,
  registerSampleLis,
  registerLis,
  registerUsers,
  registerSign,
  registerServer
]
