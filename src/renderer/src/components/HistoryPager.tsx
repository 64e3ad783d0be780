import { useState } from 'react'
import { Button, Stack, TablePagination, TextField } from '@mui/material'
import { lastPage, pagerLabel } from '../logic/history-pages'

interface Props {
  page: number
  size: number
  /** Rows on this page. */
  shown: number
  total: number
  /** False: the count stopped short of the end, and more than `total` rows match. */
  totalExact: boolean
  onPage: (page: number) => void
  onCountAll: () => void
  counting: boolean
}

/**
 * The History's pager: first, previous and next (and last when the total is exact), a page number to jump to,
 * and the total in words — "of more than 1,000" when the count stopped short, with a button to count them all.
 */
export function HistoryPager({ page, size, shown, total, totalExact, onPage, onCountAll, counting }: Props) {
  const [jump, setJump] = useState('')
  const go = (): void => {
    const n = Number(jump)
    if (!Number.isInteger(n) || n < 1) return
    onPage(totalExact ? Math.min(n - 1, lastPage(total, size)) : n - 1)
    setJump('')
  }
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'flex-end', px: 1 }}>
      {!totalExact && (
        <Button size="small" onClick={onCountAll} disabled={counting}>
          {counting ? 'Counting…' : 'Count all'}
        </Button>
      )}
      <TextField
        size="small"
        type="number"
        label="Go to page"
        value={jump}
        onChange={(e) => setJump(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && go()}
        slotProps={{ htmlInput: { min: 1 } }}
        sx={{ width: 120 }}
      />
      <TablePagination
        component="div"
        count={totalExact ? total : -1}
        page={page}
        onPageChange={(_e, p) => onPage(p)}
        rowsPerPage={size}
        rowsPerPageOptions={[size]}
        showFirstButton
        showLastButton={totalExact}
        labelDisplayedRows={() => pagerLabel(page * size + 1, page * size + shown, total, totalExact)}
      />
    </Stack>
  )
}
