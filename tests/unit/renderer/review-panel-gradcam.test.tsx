// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import type { GradCamView } from '../../../src/shared/contract'
import { predictionRow } from './prediction-row'

let ReviewPanel: typeof import('../../../src/renderer/src/components/ReviewPanel').ReviewPanel
let answer: GradCamView
beforeAll(async () => {
  vi.stubGlobal('leukolens', {
    imageUrl: (p: string) => `img:${p}`,
    call: async () => answer
  })
  ;({ ReviewPanel } = await import('../../../src/renderer/src/components/ReviewPanel'))
})
afterEach(cleanup)

const panel = () => (
  <ReviewPanel
    row={predictionRow('/elsewhere/cell.bmp', 'ALL', 0.93)}
    count={1}
    modelName="m"
    showCam
    onShowCam={() => {}}
    view={{ zoom: 1, x: 0, y: 0 }}
    onView={() => {}}
    onReview={() => {}}
    onUndo={() => {}}
    undoBlocked={null}
    busy={false}
  />
)

const view = (source: GradCamView['source'], note: string | null): GradCamView => ({
  path: '/elsewhere/cell.bmp',
  className: 'ALL',
  overlayPath: '/data/tmp/explain/o.png',
  heatmapPath: '/data/tmp/explain/h.png',
  featureMapBackend: 'wasm',
  source,
  note
})

describe('the review panel’s Grad-CAM', () => {
  it('says what a heatmap from a stored copy was computed from, and how its answer differs', async () => {
    const note =
      'Grad-CAM computed from the stored 96-px copy, enlarged to 224 px; the original file is not on this ' +
      'workstation; on this copy the model gives ALL 61.0%, the scan stored 93.0% from the original: read the ' +
      'heatmap as approximate'
    answer = view('thumbnail', note)
    render(panel())
    expect((await screen.findByTestId('gradcam-source')).textContent).toBe(note)
    expect(screen.getByAltText('selected cell').getAttribute('src')).toBe('img:/data/tmp/explain/o.png')
  })

  it('adds nothing to a heatmap of the file itself', async () => {
    answer = view('file', null)
    render(panel())
    await screen.findByTestId('gradcam-caption')
    expect(screen.queryByTestId('gradcam-source')).toBeNull()
  })
})
