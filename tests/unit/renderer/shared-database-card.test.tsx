// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { SharedDatabaseCard } from '../../../src/renderer/src/components/SharedDatabaseCard'
import type { SettingsPatch } from '../../../src/renderer/src/components/SettingsCards'
import type { Settings } from '../../../src/shared/contract'

afterEach(cleanup)

const settings: Settings = {
  dataDir: '/data',
  backend: 'auto',
  reviewThreshold: 0.8,
  reviewer: 'ann',
  theme: 'system',
  maxMegapixels: 50,
  unfamiliarLimit: 0.1
}

describe('SharedDatabaseCard', () => {
  it('says when the workstation keeps its own database, and saves a typed URL for the next start', () => {
    const saved: SettingsPatch[] = []
    render(<SharedDatabaseCard s={settings} save={async (p) => void saved.push(p)} />)
    expect(screen.getByText(/None: this workstation keeps its records/)).toBeTruthy()
    const button = screen.getByRole('button', { name: 'Use from next start' }) as HTMLButtonElement
    expect(button.disabled).toBe(true)
    const field = screen.getByLabelText(/PostgreSQL URL/) as HTMLInputElement
    // The password is typed into a masked field.
    expect(field.type).toBe('password')
    fireEvent.change(field, { target: { value: ' postgres://lab:pw@server:5432/leukolens ' } })
    fireEvent.click(button)
    expect(saved).toEqual([{ databaseUrl: 'postgres://lab:pw@server:5432/leukolens' }])
    expect(screen.queryByRole('button', { name: /own/ })).toBeNull()
  })

  it('shows the chosen database as the engine sends it (password masked) and can go back to the own one', () => {
    const saved: SettingsPatch[] = []
    const masked = 'postgres://lab:***@server:5432/leukolens'
    render(
      <SharedDatabaseCard s={{ ...settings, databaseUrl: masked }} save={async (p) => void saved.push(p)} />
    )
    expect(screen.getByText(masked)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: /own/ }))
    expect(saved).toEqual([{ unset: ['databaseUrl'] }])
  })
})
