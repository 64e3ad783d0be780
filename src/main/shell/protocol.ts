import { protocol } from 'electron'
import { IMAGE_SCHEME } from '../../shared/contract'
import { parseImageQuery } from '../services/path-guard'
import type { EngineClient } from './engine-client'

/** Must run before `app.ready`: the image scheme is standard and secure so CSP `img-src leukolens-img:` applies. */
export function registerImageScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: IMAGE_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: false, stream: false }
    }
  ])
}

/**
 * `leukolens-img://img/?p=<absolute path>&s=<thumbnail size>`: the engine process checks the path against the
 * imported and scanned folders (PathGuard) and returns the bytes; anything else is 403/404.
 */
export function handleImageScheme(engine: EngineClient): void {
  protocol.handle(IMAGE_SCHEME, async (request) => {
    let query: { path: string; size?: number }
    try {
      const url = new URL(request.url)
      if (url.host !== 'img') return new Response('not found', { status: 404 })
      query = parseImageQuery(url.searchParams)
    } catch {
      return new Response('bad request', { status: 400 })
    }
    const reply = await engine.request({ kind: 'image', path: query.path, size: query.size })
    if (reply.kind !== 'image') return new Response('engine error', { status: 500 })
    if (!reply.ok) return new Response(reply.error.message, { status: reply.status })
    return new Response(Buffer.from(reply.bytes), {
      headers: { 'content-type': reply.mime, 'cache-control': 'max-age=3600' }
    })
  })
}
