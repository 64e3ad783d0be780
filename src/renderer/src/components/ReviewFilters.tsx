import { MenuItem, Stack, TextField, ToggleButton, ToggleButtonGroup } from '@mui/material'
import type { ScanSummary } from '../../../shared/contract'
import { when } from '../logic/format'
import { scanActivity } from '../../../shared/format/scan-activity'
import type { ReviewFilter } from '../logic/review-view'
import { ClassSelect } from './ClassSelect'

export type ReviewLayout = 'grid' | 'classes' | 'fields'

/** The row above the review area: which scan, and the filters and sort over its cells. */
export function ReviewFilters({
  scans,
  scanId,
  onScan,
  modelName,
  classes,
  filter,
  onFilter
}: {
  scans: ScanSummary[] | undefined
  scanId: number | undefined
  onScan: (id: number) => void
  modelName: Map<string, string>
  classes: string[]
  filter: ReviewFilter
  onFilter: (patch: Partial<ReviewFilter>) => void
}) {
  return (
    <Stack
      sx={{ alignItems: 'center', flexWrap: 'wrap', flexShrink: 0 }}
      direction="row"
      spacing={1}
      useFlexGap
    >
      <TextField
        select
        size="small"
        label="Scan"
        value={scanId ?? ''}
        onChange={(e) => onScan(Number(e.target.value))}
        sx={{ flex: '1 1 150px', minWidth: 150, maxWidth: 420 }}
      >
        {(scans ?? []).map((s) => (
          <MenuItem key={s.id} value={s.id}>
            #{s.id} {s.kind === 'quick' ? 'quick check' : s.folder} · {modelName.get(s.modelId) ?? s.modelId}{' '}
            · {s.cells ? `whole fields, ${s.cells} cells` : `${s.files} files`} · {when(s.startedAt)}
            {s.status === 'running' ? ` · ${scanActivity(s)}` : ''}
          </MenuItem>
        ))}
      </TextField>
      <ClassSelect
        label="Class now"
        value={filter.final}
        classes={classes}
        onChange={(final) => onFilter({ final })}
        width={105}
      />
      <ClassSelect
        label="Model said"
        value={filter.model}
        classes={classes}
        onChange={(model) => onFilter({ model })}
        width={105}
      />
      <TextField
        select
        size="small"
        label="Review"
        value={filter.status}
        onChange={(e) => onFilter({ status: e.target.value as ReviewFilter['status'] })}
        sx={{ width: 112 }}
      >
        {['any', 'pending', 'confirmed', 'relabelled'].map((v) => (
          <MenuItem key={v} value={v}>
            {v}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Flagged"
        value={filter.flagged}
        onChange={(e) => onFilter({ flagged: e.target.value as ReviewFilter['flagged'] })}
        sx={{ width: 90 }}
      >
        <MenuItem value="any">any</MenuItem>
        <MenuItem value="yes">yes</MenuItem>
        <MenuItem value="no">no</MenuItem>
      </TextField>
      <TextField
        select
        size="small"
        label="Sort"
        value={filter.sort}
        onChange={(e) => onFilter({ sort: e.target.value as ReviewFilter['sort'] })}
        sx={{ width: 200 }}
      >
        <MenuItem value="confidence-asc">least confident first</MenuItem>
        <MenuItem value="confidence-desc">most confident first</MenuItem>
        <MenuItem value="path">by file name</MenuItem>
        <MenuItem value="newest">newest first</MenuItem>
      </TextField>
      <TextField
        size="small"
        label="File name"
        value={filter.search}
        onChange={(e) => onFilter({ search: e.target.value })}
        sx={{ width: 110 }}
      />
    </Stack>
  )
}

/** Grid, gallery by class, or (for a whole-field scan) the fields. */
export function LayoutSwitch({
  layout,
  onLayout,
  isFieldScan
}: {
  layout: ReviewLayout
  onLayout: (layout: ReviewLayout) => void
  isFieldScan: boolean
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={layout}
      onChange={(_e, v: ReviewLayout | null) => v && onLayout(v)}
      aria-label="layout"
    >
      <ToggleButton value="grid">Grid</ToggleButton>
      <ToggleButton value="classes">By class</ToggleButton>
      {isFieldScan && <ToggleButton value="fields">Fields</ToggleButton>}
    </ToggleButtonGroup>
  )
}
