import { Box, Stack, Typography } from '@mui/material'
import type { CallResponse } from '../../../shared/contract'
import type { ReviewSelection } from '../hooks/useReviewSelection'
import { ClassGallery } from './ClassGallery'
import { FieldView } from './FieldView'
import { Notice } from './Notice'
import type { ReviewLayout } from './ReviewFilters'
import { SampleCounts } from './SampleCounts'
import { ThumbGrid } from './ThumbGrid'

/** The cells of the scan under review in the chosen layout: a grid, a gallery by class, or whole fields. */
export function ReviewCells({
  empty,
  layout,
  sel,
  fieldData,
  fieldError,
  onShowClass
}: {
  /** No scan yet (and none loading): a hint takes the cells' place. */
  empty: boolean
  layout: ReviewLayout
  sel: ReviewSelection
  fieldData: CallResponse<'scan:fields'> | undefined
  fieldError: string | undefined
  onShowClass: (label: string) => void
}) {
  if (empty)
    return (
      <Typography color="text.secondary" sx={{ p: 2 }}>
        No scans yet: choose a folder above and press Scan.
      </Typography>
    )
  if (layout === 'fields')
    return (
      <Stack spacing={1} sx={{ height: '100%' }}>
        {fieldError && <Notice error={fieldError} />}
        <SampleCounts samples={fieldData?.samples ?? []} />
        <Box sx={{ flex: 1, minHeight: 0 }}>
          {fieldData && (
            <FieldView
              fields={fieldData.fields}
              rows={sel.rowByPath}
              currentPath={sel.row?.path ?? null}
              onPick={sel.pickCell}
            />
          )}
        </Box>
      </Stack>
    )
  if (layout === 'grid')
    return <ThumbGrid rows={sel.shown} current={sel.cursor} selection={sel.selection} onClick={sel.onThumb} />
  return (
    <ClassGallery
      rows={sel.shown}
      current={sel.cursor}
      selection={sel.selection}
      onClick={sel.onThumb}
      onShowClass={onShowClass}
    />
  )
}
