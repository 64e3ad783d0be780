// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { JobButtons } from '../../../src/renderer/src/components/JobControls'
import { QcTargets } from '../../../src/renderer/src/components/QcTargets'
import { SessionContext, type Session } from '../../../src/renderer/src/hooks/useSession'
import type { PersonView } from '../../../src/shared/calls/people'
import { qcSetView } from './qc-view'

afterEach(cleanup)

/** The window's session with `person` signed in to a shared database (null: a workstation's own file). */
function session(person: PersonView | null): Session {
  return {
    store: { engine: person ? 'postgres' : 'sqlite', place: 'x', signInRequired: Boolean(person), person },
    error: undefined,
    signIn: async () => null,
    signOut: async () => undefined,
    retry: () => undefined
  }
}

const idle = { running: false, cancel: vi.fn() } as unknown as Parameters<typeof JobButtons>[0]['job']

function asPerson(person: PersonView | null) {
  return render(
    <SessionContext.Provider value={session(person)}>
      <JobButtons job={idle} label="Import" canStart onStart={() => undefined} call="datasets:import" />
      <QcTargets set={qcSetView()} onSet={() => undefined} />
    </SessionContext.Provider>
  )
}

describe("buttons for what the signed-in person's role cannot do", () => {
  it('are greyed out, saying which role the action needs and who is signed in', () => {
    asPerson({ name: 'tom', role: 'technician' })
    const start = screen.getByRole('button', { name: 'Import' })
    expect(start).toHaveProperty('disabled', true)
    expect(start.getAttribute('aria-description')).toBe(
      'Import images needs the researcher role (you are signed in as tom, a technician)'
    )
    expect(
      screen.getByRole('button', { name: /From the runs so far/ }).getAttribute('aria-description')
    ).toBe("Set a QC set's targets needs the researcher role (you are signed in as tom, a technician)")
  })

  it('stay as they were for the role that may, and on a workstation where nobody signs in', () => {
    for (const person of [{ name: 'rae', role: 'researcher' } as const, null]) {
      asPerson(person)
      expect(screen.getByRole('button', { name: 'Import' })).toHaveProperty('disabled', false)
      // Disabled for its own reason only: no runs yet.
      expect(
        screen.getByRole('button', { name: /From the runs so far/ }).getAttribute('aria-description')
      ).toBe('Needs two runs or more')
      cleanup()
    }
  })
})
