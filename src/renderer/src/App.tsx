import { useEffect, useMemo, useState, type DragEvent } from 'react'
import {
  Alert,
  Box,
  Button,
  CssBaseline,
  ThemeProvider,
  Typography,
  createTheme,
  useMediaQuery
} from '@mui/material'
import { DropOverlay, NavRail } from './components/NavRail'
import type { EngineState, ScreenName } from '../../shared/contract'
import { api, call, useEvent } from './api'
import { SCREENS, type Focus } from './screens'
import { SignIn } from './screens/SignIn'
import { PersonBar } from './components/PersonBar'
import { SessionContext, mustSignIn, useSessionState } from './hooks/useSession'

/**
 * The window: a navigation rail, the current screen, the engine's state when it is not ready, and a drop target
 * covering the whole window — files dropped anywhere go to Quick check. With a shared database, the sign-in screen
 * instead until someone has signed in, and who that is above the screen.
 */
export function App() {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)')
  const [themeChoice, setThemeChoice] = useState<'system' | 'light' | 'dark'>('system')
  const [screen, setScreen] = useState<ScreenName>('home')
  const [focus, setFocus] = useState<Focus | undefined>(undefined)
  const navigate = (s: ScreenName, f?: Focus) => {
    setFocus(f)
    setScreen(s)
  }
  const [engine, setEngine] = useState<{ state: EngineState; message?: string }>({ state: 'ready' })
  const [dropped, setDropped] = useState<{ paths: string[]; count: number }>({ paths: [], count: 0 })
  const [dragging, setDragging] = useState(false)
  const session = useSessionState()
  const signInFirst = mustSignIn(session.store)

  // The theme is this workstation's setting: read once the engine has answered (before anyone signs in, so the
  // sign-in screen wears it too).
  const answered = session.store !== undefined
  useEffect(() => {
    if (!answered) return
    call('settings:get').then(
      (s) => setThemeChoice(s.theme),
      () => undefined
    )
  }, [answered])
  useEvent('menu:navigate', (p) => navigate(p.screen))
  useEvent('engine:state', setEngine)

  const mode = themeChoice === 'system' ? (prefersDark ? 'dark' : 'light') : themeChoice
  const theme = useMemo(
    () => createTheme({ palette: { mode, primary: { main: mode === 'dark' ? '#90caf9' : '#6a1b9a' } } }),
    [mode]
  )
  const toggleTheme = () => {
    const next = mode === 'dark' ? 'light' : 'dark'
    setThemeChoice(next)
    void call('settings:set', { theme: next }).catch(() => undefined)
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const paths = Array.from(e.dataTransfer.files)
      .map((f) => api.pathForFile(f))
      .filter(Boolean)
    if (paths.length) {
      setDropped((d) => ({ paths, count: d.count + 1 }))
      navigate('quick')
    }
  }

  const current = SCREENS.find((s) => s.name === screen) ?? SCREENS[0]
  const Screen = current.component
  // Nothing asks the engine for a screen's data before it said who works here (a shared database refuses it).
  if (!session.store)
    return (
      <ThemeProvider theme={theme}>
        <CssBaseline />
        {session.error && (
          <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 3 }}>
            <Alert
              severity="error"
              action={<Button onClick={session.retry}>Try again</Button>}
              sx={{ maxWidth: 640 }}
            >
              {session.error}
            </Alert>
          </Box>
        )}
      </ThemeProvider>
    )
  if (signInFirst)
    return (
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <SignIn
          store={session.store}
          onSignIn={async (name, password) => {
            const refusal = await session.signIn(name, password)
            if (refusal === null) navigate('home')
            return refusal
          }}
        />
      </ThemeProvider>
    )
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <SessionContext.Provider value={session}>
        <Box
          sx={{ display: 'flex', height: '100vh' }}
          onDragOver={(e) => {
            e.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <NavRail screen={screen} navigate={navigate} mode={mode} onToggleTheme={toggleTheme} />
          <Box component="main" sx={{ flex: 1, overflow: 'auto', p: 3, position: 'relative' }}>
            {engine.state !== 'ready' && (
              <Alert severity={engine.state === 'crashed' ? 'error' : 'info'} sx={{ mb: 2 }}>
                Engine {engine.state}
                {engine.message ? `: ${engine.message}` : '…'}
              </Alert>
            )}
            <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2 }}>
              <Typography variant="h5" component="h1" gutterBottom sx={{ flex: 1 }}>
                {current.label}
              </Typography>
              <PersonBar store={session.store} onSignOut={() => void session.signOut()} />
            </Box>
            <Screen
              key={current.name === 'quick' ? `quick-${dropped.count}` : current.name}
              navigate={navigate}
              focus={focus}
              dropped={dropped.paths}
              onThemeChange={setThemeChoice}
            />
            {dragging && <DropOverlay />}
          </Box>
        </Box>
      </SessionContext.Provider>
    </ThemeProvider>
  )
}
