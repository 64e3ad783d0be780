import type { ScreenName, ThemeChoice } from '../../../shared/contract'

/** What a screen is opened on: a scan, a file or a sample of it (Home, History), a dataset to train on (review). */
export interface Focus {
  scanId?: number
  path?: string
  /** A sample of the scan, whose differential the review screen shows first. */
  sample?: string
  dataset?: string
}

export interface ScreenProps {
  navigate: (s: ScreenName, focus?: Focus) => void
  focus?: Focus
  /** Files dropped on the window (for Quick check). */
  dropped: string[]
  onThemeChange: (t: ThemeChoice) => void
}
