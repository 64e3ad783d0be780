/** A file the engine cannot use: the message names the file and the problem, and both stay inspectable. */
export class EngineFileError extends Error {
  override name = 'EngineFileError'
  constructor(
    readonly path: string,
    readonly reason: string
  ) {
    super(`${path}: ${reason}`)
  }
}
