import { Alert, Typography } from '@mui/material'
import type { TrainResult } from '../../../shared/contract'

const NAMED = 20

/**
 * The images a training left out for having no stored features (unreadable at extraction): the test ones by
 * path, since the metrics beside this do not count them. Nothing when none was left out.
 */
export function LeftOutNote({ leftOut }: { leftOut: TrainResult['leftOut'] }) {
  const { testPaths, train, val } = leftOut
  if (!testPaths.length && !train && !val) return null
  const others = [train && `${train} training`, val && `${val} validation`].filter(Boolean).join(' and ')
  return (
    <Alert severity="warning" data-testid="left-out">
      {testPaths.length > 0 && (
        <>
          <Typography variant="body2">
            {testPaths.length} test image(s) have no stored features (unreadable at extraction) and are not in
            these metrics:
          </Typography>
          {testPaths.slice(0, NAMED).map((p) => (
            <Typography key={p} variant="body2">
              <code>{p}</code>
            </Typography>
          ))}
          {testPaths.length > NAMED && (
            <Typography variant="body2">… and {testPaths.length - NAMED} more</Typography>
          )}
        </>
      )}
      {others && (
        <Typography variant="body2">Left out of training for the same reason: {others} image(s).</Typography>
      )}
    </Alert>
  )
}
