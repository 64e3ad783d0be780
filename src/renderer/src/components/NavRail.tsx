import {
  Box,
  Divider,
  IconButton,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Tooltip,
  Typography
} from '@mui/material'
import DarkModeIcon from '@mui/icons-material/DarkMode'
import LightModeIcon from '@mui/icons-material/LightMode'
import type { ScreenName } from '../../../shared/contract'
import { SCREENS } from '../screens'

/** The window's navigation rail: every screen (Ctrl+1…), and the light/dark switch at its foot. */
export function NavRail(props: {
  screen: ScreenName
  navigate: (s: ScreenName) => void
  mode: 'light' | 'dark'
  onToggleTheme: () => void
}) {
  return (
    <Box
      component="nav"
      aria-label="screens"
      sx={{
        width: 210,
        flexShrink: 0,
        borderRight: 1,
        borderColor: 'divider',
        display: 'flex',
        flexDirection: 'column'
      }}
    >
      <Typography variant="h6" sx={{ px: 2, py: 1.5, fontWeight: 700 }}>
        Leukolens
      </Typography>
      <Divider />
      <List dense sx={{ flex: 1 }}>
        {SCREENS.map((s, i) => (
          <ListItemButton
            key={s.name}
            selected={s.name === props.screen}
            onClick={() => props.navigate(s.name)}
            data-screen={s.name}
            title={`Ctrl+${i + 1}`}
          >
            <ListItemIcon sx={{ minWidth: 36 }}>{s.icon}</ListItemIcon>
            <ListItemText primary={s.label} />
          </ListItemButton>
        ))}
      </List>
      <Box sx={{ p: 1 }}>
        <Tooltip title="Light / dark">
          <IconButton onClick={props.onToggleTheme} aria-label="toggle light or dark theme">
            {props.mode === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
          </IconButton>
        </Tooltip>
      </Box>
    </Box>
  )
}

/** What covers the window while files are dragged over it. */
export function DropOverlay() {
  return (
    <Box
      sx={{
        position: 'fixed',
        inset: 0,
        bgcolor: 'action.hover',
        border: 4,
        borderStyle: 'dashed',
        borderColor: 'primary.main',
        pointerEvents: 'none',
        display: 'grid',
        placeItems: 'center'
      }}
    >
      <Typography variant="h4">Drop images to check them</Typography>
    </Box>
  )
}
