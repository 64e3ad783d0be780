import { resolve } from 'node:path'
import type { CallName, CallRequest, CallResponse, EventName, Events } from '../../shared/contract'
import type { Progress } from '../../shared/types/progress'
import type { EpochLog } from '../../shared/types/training'
import type { Database } from '../core/db/database'
import type { DataDir } from '../core/paths'
import type { ServiceContext } from '../services/context'
import {
  edgeConfig,
  resolveDataDir,
  type Config,
  type ConfigOverrides,
  type EdgeConfig
} from '../services/config'
import { PostgresUrl } from '../core/server/url'
import { openServiceSession, type ServiceSession } from '../services/session'
import { config as resolvedConfig } from '../services/settings'
import { offerCredentials } from '../services/people'
import { promptHidden } from './password-input'
import { VERSION } from './version'

/** Options every command accepts. */
export interface GlobalOptions {
  dataDir?: string
  /** `--database URL`: the shared PostgreSQL store (checked when the configuration is first resolved). */
  database?: string
  json?: boolean
  /** Who signs in (`--user`); the password never comes as a flag. */
  user?: string
}

/** What the process's edge read once (cli/index.ts): the environment's overrides and the default data folder. */
export interface CliEnvironment {
  env: ConfigOverrides
  defaultDataDir: string
  /** LEUKOLENS_USER and LEUKOLENS_PASSWORD: who signs in, unattended (scripts, workers). */
  user?: string
  password?: string
}

/** The job id of the one long call a command runs at a time. */
export const CLI_JOB = 'cli'

/**
 * What a command needs: a service session (the same services and dispatcher as the desktop app) over the data
 * folder that flags, environment and settings resolve to, opened on first use and closed at exit. A command's
 * configuration flags (`--backend`, `--workers`, `--reviewer`, `--review-threshold`) are the first layer of the
 * configuration (services/config.ts).
 */
export class CliContext {
  private _session?: ServiceSession
  private offered = false
  private readonly listeners: { [K in EventName]?: ((payload: Events[K]) => void)[] } = {}

  constructor(
    readonly options: GlobalOptions,
    private readonly environment: CliEnvironment,
    private readonly flags: ConfigOverrides = {}
  ) {}

  /** Flags over environment, as the session resolves them. */
  private edge(): EdgeConfig {
    const { database } = this.options
    const databaseUrl = database === undefined ? undefined : PostgresUrl.parse(database, '--database')
    return edgeConfig(
      { dataDir: this.options.dataDir, databaseUrl, ...this.flags },
      this.environment.env,
      this.environment.defaultDataDir
    )
  }

  /** The data folder this command works in, resolved without opening its database (`server` needs no session). */
  dataDir(): string {
    return resolveDataDir(this.edge()).dataDir
  }

  get session(): ServiceSession {
    this._session ??= openServiceSession({
      edge: this.edge(),
      version: VERSION,
      emit: (name, payload) => {
        for (const l of this.listeners[name] ?? []) (l as (p: typeof payload) => void)(payload)
      }
    })
    const name = this.options.user ?? this.environment.user
    // Checked when a call first needs a person (services/people.ts); the prompt comes only then.
    if (name && !this.offered) {
      this.offered = true
      offerCredentials(this._session.ctx, { name, password: () => this.password(`password for ${name}: `) })
    }
    return this._session
  }

  /** The signed-in user's password again (a signature asks for it): LEUKOLENS_PASSWORD, else a hidden prompt. */
  password(question: string): Promise<string> {
    const given = this.environment.password
    return given !== undefined ? Promise.resolve(given) : promptHidden(question)
  }

  get ctx(): ServiceContext {
    return this.session.ctx
  }

  /**
   * The service context for a command that calls its service itself, once the signed-in person may make `call`,
   * the contract's call the command stands for: the dispatcher's own gate (sign-in, then the call's role), so the
   * command line refuses what the window refuses, in the same sentence. `what` names the command's work where the
   * call's own words are too narrow ("extract features" stands for training).
   */
  async gated(call: CallName, what?: string): Promise<ServiceContext> {
    const { gateCall } = await import('../services/session-calls')
    await gateCall(this.ctx, call, undefined, what)
    return this.ctx
  }

  get dirs(): DataDir {
    return this.ctx.dirs
  }

  get db(): Database {
    return this.ctx.db
  }

  /** The configuration in force (flags > environment > settings > defaults). */
  config(): Promise<Config> {
    return resolvedConfig(this.ctx)
  }

  /** One call of the contract through the service dispatcher, as the window makes it. */
  call<K extends CallName>(
    name: K,
    ...arg: CallRequest<K> extends void ? [] : [CallRequest<K>]
  ): Promise<CallResponse<K>> {
    return this.session.call(name, ...arg)
  }

  /**
   * A save token for a file the user named on the command line: here the user's own argument is the save dialog,
   * so the export calls go through the same token check as the window's.
   */
  saveTo(file: string): string {
    return this.ctx.saveTargets.issue(resolve(file))
  }

  /** Progress events of this command's job, shown by `listener` (a terminal bar). */
  onProgress(listener: (p: Progress) => void): void {
    ;(this.listeners['job:progress'] ??= []).push((e) => listener(e.progress))
  }

  onEpoch(listener: (e: EpochLog) => void): void {
    ;(this.listeners['training:epoch'] ??= []).push((e) => listener(e.epoch))
  }

  /** Ctrl-C cancels the command's job (the service decides what is kept) until `off()`; `fired` says whether it came. */
  cancelOnSigint(message: string): { off(): void; readonly fired: boolean } {
    let fired = false
    const onSigint = (): void => {
      fired = true
      process.stderr.write(`\n${message}\n`)
      this.ctx.jobs.cancel(CLI_JOB)
    }
    process.once('SIGINT', onSigint)
    return {
      off: () => void process.off('SIGINT', onSigint),
      get fired() {
        return fired
      }
    }
  }

  get json(): boolean {
    return Boolean(this.options.json)
  }

  /** Prints a result: JSON on stdout with --json, else the human-readable text. */
  print(value: unknown, human: () => string): void {
    process.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`)
  }

  /** A command's failure as the user sees it: a damaged database stops all writes (core/db/damage.ts). */
  afterFailure(err: unknown): unknown {
    return this._session ? this._session.afterFailure(err) : err
  }

  close(): void {
    this._session?.close()
    this._session = undefined
    this.offered = false
  }
}
