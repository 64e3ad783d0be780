/**
 * A file Leukolens cannot use: the message names the file and the problem, and both stay inspectable so that
 * an import or a scan can record the reason and go on with the next file.
 */
export class FileProblemError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string
  ) {
    super(`${path}: ${reason}`)
  }
}
