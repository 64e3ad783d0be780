import type { ComponentType, ReactNode } from 'react'
import HomeIcon from '@mui/icons-material/Home'
import BoltIcon from '@mui/icons-material/Bolt'
import FolderIcon from '@mui/icons-material/Folder'
import ShowChartIcon from '@mui/icons-material/ShowChart'
import ModelTrainingIcon from '@mui/icons-material/ModelTraining'
import GridViewIcon from '@mui/icons-material/GridView'
import HistoryIcon from '@mui/icons-material/History'
import SettingsIcon from '@mui/icons-material/Settings'
import FactCheckIcon from '@mui/icons-material/FactCheck'
import RuleIcon from '@mui/icons-material/Rule'
import FactCheckOutlinedIcon from '@mui/icons-material/FactCheckOutlined'
import type { ScreenName } from '../../../shared/contract'
import { Home } from './Home'
import { QuickCheck } from './QuickCheck'
import { Datasets } from './Datasets'
import { Training } from './Training'
import { Models } from './Models'
import { ScanReview } from './ScanReview'
import { History } from './History'
import { SettingsScreen } from './Settings'
import { AuditLog } from './AuditLog'
import { QualityControl } from './QualityControl'
import { Validation } from './Validation'

// The props live in their own module: each screen imports them without importing this registry of screens.
export type { Focus, ScreenProps } from './screen-props'
import type { ScreenProps } from './screen-props'

export const SCREENS: {
  name: ScreenName
  label: string
  icon: ReactNode
  component: ComponentType<ScreenProps>
}[] = [
  { name: 'home', label: 'Home', icon: <HomeIcon />, component: Home },
  { name: 'quick', label: 'Quick check', icon: <BoltIcon />, component: QuickCheck },
  { name: 'datasets', label: 'Datasets', icon: <FolderIcon />, component: Datasets },
  { name: 'training', label: 'Training', icon: <ShowChartIcon />, component: Training },
  { name: 'models', label: 'Models', icon: <ModelTrainingIcon />, component: Models },
  { name: 'scan', label: 'Scan and review', icon: <GridViewIcon />, component: ScanReview },
  { name: 'history', label: 'History', icon: <HistoryIcon />, component: History },
  { name: 'audit', label: 'Audit log', icon: <FactCheckIcon />, component: AuditLog },
  { name: 'qc', label: 'Quality control', icon: <RuleIcon />, component: QualityControl },
  { name: 'validation', label: 'Validation', icon: <FactCheckOutlinedIcon />, component: Validation },
  { name: 'settings', label: 'Settings', icon: <SettingsIcon />, component: SettingsScreen }
]
