/**
 * The end-to-end test server: serves the built renderer (out/renderer) on 127.0.0.1 and implements the contract
 * over HTTP + SSE by calling the REAL service layer (fresh temp data folder, real SQLite, real engine) — the same
 * `createHandlers` + `createDispatcher` the Electron engine process uses. Only native dialogs are replaced: a
 * browser has none, so the test queues the paths "the user picks" (POST /__test/dialog). As Electron's main does,
 * a save dialog's path stays here and the page gets a one-time token for it (the `dialog:save` handler).
 * With `databaseUrl`, the converted domains keep their rows in that PostgreSQL database (a lab's shared store: people
 * sign in), as the app does when a shared database is configured; the data folder's SQLite file keeps the rest.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { sqliteStore } from '../../src/main/core/db/store'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'
import { dataDir, type DataDir } from '../../src/main/core/paths'
import { openDatabase, type Database } from '../../src/main/core/db/database'
import { Jobs } from '../../src/main/services/jobs'
import { SaveTargets } from '../../src/main/services/save-targets'
import { edgeConfig } from '../../src/main/services/config'
import { createHandlers } from '../../src/main/services/handlers'
import { createDispatcher } from '../../src/main/services/dispatch'
import { createImageGuard } from '../../src/main/services/image-roots'
import { parseImageQuery } from '../../src/main/services/path-guard'
import { readImageForDisplay } from '../../src/main/services/image-display'
import type { ServiceContext } from '../../src/main/services/context'
import type { EventName, Events } from '../../src/shared/contract'
import { SessionState } from '../../src/main/services/session-state'

const ROOT = resolve(import.meta.dirname, '../..')
const RENDERER = join(ROOT, 'out/renderer')
const SHIM = join(import.meta.dirname, 'shim.js')
const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2'
}

export interface TestServer {
  url: string
  dirs: DataDir
  db: Database
  /** Paths the next native dialogs "return", in order (open: a list; save: one path). */
  queueDialog(answer: string[] | string | null): void
  /** Every event pushed so far, for assertions. */
  events: { name: EventName; payload: unknown }[]
  close(): Promise<void>
}

export async function startTestServer(
  dataRoot: string,
  options: { databaseUrl?: string } = {}
): Promise<TestServer> {
  const dirs = dataDir(dataRoot)
  const db = openDatabase(dirs.db)
  const store = options.databaseUrl ? postgresStore(options.databaseUrl) : sqliteStore(db)
  const clients = new Set<ServerResponse>()
  const events: TestServer['events'] = []
  const dialogAnswers: (string[] | string | null)[] = []
  const ctx: ServiceContext = {
    dirs,
    db,
    store,
    version: 'e2e',
    edge: edgeConfig({ dataDir: dataRoot }, {}, dataRoot),
    jobs: new Jobs(),
    saveTargets: new SaveTargets(),
    state: new SessionState(),
    dialogs: {
      open: async () => {
        const a = dialogAnswers.shift()
        return Array.isArray(a) ? a : a ? [a] : []
      },
      save: async () => {
        const a = dialogAnswers.shift()
        return typeof a === 'string' ? a : null
      }
    },
    emit<K extends EventName>(name: K, payload: Events[K]) {
      events.push({ name, payload })
      const data = `data: ${JSON.stringify({ name, payload })}\n\n`
      for (const c of clients) c.write(data)
    }
  }
  const guard = await createImageGuard(ctx)
  const dispatch = createDispatcher(createHandlers(guard), ctx)

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method === 'POST' && url.pathname === '/api/call') {
      const { name, arg } = JSON.parse(await body(req)) as { name: unknown; arg: unknown }
      const t0 = performance.now()
      const reply = await dispatch(name, arg ?? undefined)
      if (process.env.LEUKOLENS_E2E_LOG)
        process.stderr.write(
          `[e2e] ${String(name)} ${reply.ok ? 'ok' : `failed: ${reply.error.message}`} (${Math.round(performance.now() - t0)} ms)\n`
        )
      return json(res, reply)
    }
    if (req.method === 'POST' && url.pathname === '/__test/dialog') {
      dialogAnswers.push(JSON.parse(await body(req)) as string[] | string | null)
      return json(res, { ok: true })
    }
    if (url.pathname === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive'
      })
      res.write(': connected\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }
    if (url.pathname === '/img') {
      try {
        const q = parseImageQuery(url.searchParams)
        const { mime, bytes } = await readImageForDisplay(await guard.check(q.path), q.size)
        res.writeHead(200, { 'content-type': mime })
        return void res.end(bytes)
      } catch (err) {
        res.writeHead((err as Error).name === 'PathNotAllowedError' ? 403 : 500)
        return void res.end((err as Error).message)
      }
    }
    if (url.pathname === '/__leukolens-shim.js') return file(res, SHIM)
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = (await readFile(join(RENDERER, 'index.html'), 'utf8')).replace(
        '<head>',
        '<head>\n    <script src="/__leukolens-shim.js"></script>'
      )
      res.writeHead(200, { 'content-type': 'text/html' })
      return void res.end(html)
    }
    const target = normalize(join(RENDERER, url.pathname))
    if (!target.startsWith(RENDERER)) return void res.writeHead(403).end()
    return file(res, target)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(err.message)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/`,
    dirs,
    db,
    events,
    queueDialog: (a) => void dialogAnswers.push(a),
    close: async () => {
      ctx.jobs.cancelAll()
      for (const c of clients) c.end()
      await new Promise<void>((r) => server.close(() => r()))
      await store.close()
      db.close()
    }
  }
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (s += c))
    req.on('end', () => resolve(s))
    req.on('error', reject)
  })
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}

async function file(res: ServerResponse, path: string): Promise<void> {
  try {
    const bytes = await readFile(path)
    res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' })
    res.end(bytes)
  } catch {
    res.writeHead(404)
    res.end()
  }
}
