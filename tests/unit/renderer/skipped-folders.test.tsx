// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { SkippedFolders } from '../../../src/renderer/src/components/SkippedFolders'

afterEach(cleanup)

describe('SkippedFolders', () => {
  it('names each subfolder that was not read, with why', () => {
    render(
      <SkippedFolders
        folders={[
          { path: 'ALL/locked', reason: 'cannot read folder (EACCES)' },
          { path: 'ALL/loop', reason: 'symlink loop (leads back to /data/cells)' }
        ]}
      />
    )
    const box = screen.getByTestId('skipped-folders')
    expect(box.textContent).toBe(
      '2 folders or files were not read:ALL/locked: cannot read folder (EACCES)ALL/loop: symlink loop (leads back to /data/cells)'
    )
  })

  it('shows nothing when every folder was read', () => {
    const { container } = render(<SkippedFolders folders={[]} />)
    expect(container.textContent).toBe('')
  })
})
