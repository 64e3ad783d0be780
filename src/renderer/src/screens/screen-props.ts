import type { ScreenName, ThemeChoice } from '../../../shared/contract'

/** What a screen is opened on: a scan and a file of it (Home, History), a dataset to train on (review). */
export interface Focus {
  scanId?: number
  path?: string
  dataset?: string
}

export interface ScreenProps {
  navigate: (s: ScreenName, focus?: Focus) => void
  focus?: Focus
  /** Files dropped on the window (for Quick check). */
  dropped: string[]
  onThemeChange: (t: ThemeChoice) => void
}
