/** A failure the user caused (bad path, bad flag value): printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * Errors the services raise for something the user named that is not there or not usable (an unknown model, a bad
 * file, a value out of range). They reach the command line by name (through the dispatcher, as plain
 * `{ name, message }`), and exit with 2 like a UsageError.
 */
const USER_ERRORS = new Set([
  'UsageError',
  'ContractError',
  'ConfigError',
  'CropStyleError',
  'UnknownModelError',
  'ModelInUseError',
  'UnknownDatasetError',
  'UnknownBackboneError',
  'DatasetNotReadyError',
  'ModelArchiveError',
  'KerasFileError',
  'BackboneAddError',
  'QuantizeRequestError',
  'BackboneFileError',
  'ImportError',
  'ClassMapError',
  'ScanFolderError',
  'ReviewError',
  'NoSuchDatasetError',
  'ImageReadError',
  'UnknownScanError',
  'NotQueuedScanError',
  'UnknownImageError',
  'QcError',
  'ReferenceFileError',
  'ValidationStudyError',
  'LisError',
  'UserError',
  'ServerOptionError'
])

export function isUsageError(e: Error): boolean {
  return USER_ERRORS.has(e.name)
}
