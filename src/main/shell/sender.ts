/**
 * Whether an IPC message may be served: it must come from our one window's web contents, from its main frame
 * (not an iframe), and that frame must be showing our own page (not something it navigated to). Plain data in,
 * so the rule is tested without Electron.
 */
export interface SenderFacts {
  /** The message's web contents is the app window's. */
  fromAppWindow: boolean
  /** The sending frame is that window's main frame. */
  fromMainFrame: boolean
  /** The sending frame's URL. */
  frameUrl: string | undefined
}

export function isTrustedSender(f: SenderFacts, isAppUrl: (url: string) => boolean): boolean {
  return f.fromAppWindow && f.fromMainFrame && f.frameUrl !== undefined && isAppUrl(f.frameUrl)
}

/** Our page's URL test: the built index.html (file://) or, in development only, the dev server's origin. */
export function appUrlMatcher(appUrl: string, devServer: boolean): (url: string) => boolean {
  if (devServer) {
    const origin = new URL(appUrl).origin
    return (url) => {
      try {
        return new URL(url).origin === origin
      } catch {
        return false
      }
    }
  }
  return (url) => url.split(/[?#]/)[0] === appUrl
}
