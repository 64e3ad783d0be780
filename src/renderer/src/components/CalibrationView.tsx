import { Box, Stack, Typography } from '@mui/material'
import type { ModelTrust, ReliabilityBin } from '../../../shared/types/trust'
import { num, pct } from '../logic/format'

/**
 * A reliability diagram as a small SVG: one bar per non-empty confidence bin at the bin's accuracy, the diagonal
 * where a calibrated model's bars would end. Hover a bar for its figures.
 */
export function ReliabilityDiagram({ bins, size = 140 }: { bins: ReliabilityBin[]; size?: number }) {
  const pad = 18
  const inner = size - pad - 4
  const x = (v: number) => pad + v * inner
  const y = (v: number) => 4 + (1 - v) * inner
  return (
    <svg width={size} height={size} role="img" aria-label="reliability diagram">
      <rect x={pad} y={4} width={inner} height={inner} fill="none" stroke="#bbb" />
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#888" strokeDasharray="3 3" />
      {bins.map((b) =>
        b.count && b.accuracy !== null ? (
          <rect
            key={b.lo}
            x={x(b.lo) + 0.5}
            y={y(b.accuracy)}
            width={Math.max(1, x(b.hi) - x(b.lo) - 1)}
            height={y(0) - y(b.accuracy)}
            fill="#1976d2"
            opacity={0.75}
          >
            <title>{`confidence ${b.lo.toFixed(2)}–${b.hi.toFixed(2)}: ${b.count} images, mean confidence ${num(b.confidence)}, accuracy ${num(b.accuracy)}`}</title>
          </rect>
        ) : null
      )}
      <text x={pad} y={size - 2} fontSize={9}>
        0
      </text>
      <text x={size - 12} y={size - 2} fontSize={9}>
        1
      </text>
      <text x={2} y={12} fontSize={9}>
        1
      </text>
    </svg>
  )
}

/** ECE, review-flag operating point and unfamiliar-image share of a version, with its reliability diagram. */
export function CalibrationView({
  trust,
  compact = false
}: {
  trust: ModelTrust | null | undefined
  compact?: boolean
}) {
  if (!trust)
    return <Typography variant="body2">No calibration profile (trained before it, or imported).</Typography>
  const cal = trust.testCalibration ?? trust.calibration
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }} data-testid="calibration-view">
      <ReliabilityDiagram bins={cal.bins} size={compact ? 90 : 140} />
      <Box>
        <Typography variant="body2">
          ECE {num(cal.ece)} ({trust.testCalibration ? 'test' : 'validation'}, 15 bins; temperature{' '}
          {num(trust.temperature, 2)})
        </Typography>
        {!compact && (
          <>
            <Typography variant="body2">
              Review flag: confidence below {num(trust.flag.threshold)} or unfamiliar — catches{' '}
              {pct(trust.testFlag?.errorsFlagged ?? trust.flag.errorsFlagged)} of errors, flags{' '}
              {pct(trust.testFlag?.workload ?? trust.flag.workload)} of images
            </Typography>
            <Typography variant="body2">
              Unfamiliar on {trust.testCalibration ? 'test' : 'validation'}:{' '}
              {pct(trust.ood.testUnfamiliar ?? trust.ood.valUnfamiliar)} ({trust.ood.method})
            </Typography>
          </>
        )}
      </Box>
    </Stack>
  )
}
