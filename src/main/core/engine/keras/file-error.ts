import { FileProblemError } from '../../file-error'

/** A file the engine cannot use: the message names the file and the problem, and both stay inspectable. */
export class EngineFileError extends FileProblemError {
  override name = 'EngineFileError'
}
