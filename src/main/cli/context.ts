import { dataDir, resolveDataRoot, type DataDir } from '../core/paths'
import { openDatabase, type Database } from '../core/db/database'

/** Options every command accepts. */
export interface GlobalOptions {
  dataDir?: string
  json?: boolean
}

/** What a command needs: the data folder and the database, opened on first use and closed at exit. */
export class CliContext {
  private _db?: Database
  private _dirs?: DataDir

  constructor(readonly options: GlobalOptions) {}

  get dirs(): DataDir {
    this._dirs ??= dataDir(resolveDataRoot(this.options.dataDir))
    return this._dirs
  }

  get db(): Database {
    this._db ??= openDatabase(this.dirs.db)
    return this._db
  }

  get json(): boolean {
    return Boolean(this.options.json)
  }

  /** Prints a result: JSON on stdout with --json, else the human-readable text. */
  print(value: unknown, human: () => string): void {
    process.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`)
  }

  close(): void {
    this._db?.close()
    this._db = undefined
  }
}
