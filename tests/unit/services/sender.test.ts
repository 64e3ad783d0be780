import { describe, expect, it } from 'vitest'
import { appUrlMatcher, isTrustedSender } from '../../../src/main/shell/sender'

const APP = 'file:///opt/Leukolens/resources/app.asar/out/renderer/index.html'
const isApp = appUrlMatcher(APP, false)

describe('IPC sender check', () => {
  it('accepts our page in the main frame of our window', () => {
    expect(
      isTrustedSender({ fromAppWindow: true, fromMainFrame: true, frameUrl: `${APP}#/scan` }, isApp)
    ).toBe(true)
  })
  it('refuses another window, a subframe, another page or an unknown frame', () => {
    expect(isTrustedSender({ fromAppWindow: false, fromMainFrame: true, frameUrl: APP }, isApp)).toBe(false)
    expect(isTrustedSender({ fromAppWindow: true, fromMainFrame: false, frameUrl: APP }, isApp)).toBe(false)
    expect(
      isTrustedSender({ fromAppWindow: true, fromMainFrame: true, frameUrl: 'file:///tmp/evil.html' }, isApp)
    ).toBe(false)
    expect(
      isTrustedSender({ fromAppWindow: true, fromMainFrame: true, frameUrl: 'https://example.com/' }, isApp)
    ).toBe(false)
    expect(isTrustedSender({ fromAppWindow: true, fromMainFrame: true, frameUrl: undefined }, isApp)).toBe(
      false
    )
  })
  it('in development matches the dev server by origin, not by prefix', () => {
    const dev = appUrlMatcher('http://localhost:5173', true)
    expect(dev('http://localhost:5173/index.html')).toBe(true)
    expect(dev('http://localhost:51730/')).toBe(false)
    expect(dev('http://localhost:5173.evil.com/')).toBe(false)
    expect(dev('not a url')).toBe(false)
  })
})
