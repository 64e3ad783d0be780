import { Button, Tooltip, type ButtonProps } from '@mui/material'

/**
 * A button that is disabled only with a reason, and says it on hover: `why` is the reason it cannot be pressed
 * now (null or undefined: enabled). A disabled button swallows pointer events, hence the span.
 */
export function ReasonButton({
  why,
  hint,
  ...props
}: ButtonProps & { why?: string | null | false; hint?: string }) {
  const title = why || hint || ''
  return (
    <Tooltip title={title}>
      <span>
        <Button {...props} disabled={Boolean(why)} aria-description={why || undefined} />
      </span>
    </Tooltip>
  )
}
