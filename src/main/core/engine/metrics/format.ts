/** Plain-text rendering of metrics, thresholds and epochs for the terminal. */
import type { ClassificationMetrics, EpochLog, OperatingThreshold } from '../../../../shared/types/training'

const pct = (x: number) => `${(x * 100).toFixed(2)}%`
const f3 = (x: number) => x.toFixed(3)

export function formatEpoch(l: EpochLog, total: number): string {
  const lr =
    l.reducedTo !== undefined
      ? `${l.learningRate.toExponential(2)} → ${l.reducedTo.toExponential(2)}`
      : l.learningRate.toExponential(2)
  return (
    `epoch ${String(l.epoch).padStart(2)}/${total}  loss ${f3(l.loss)}  acc ${pct(l.accuracy)}  ` +
    `val_loss ${f3(l.valLoss)}  val_acc ${pct(l.valAccuracy)}  lr ${lr}  ${l.seconds.toFixed(1)}s` +
    `${l.improved ? `  * best (${l.monitor})` : ''}`
  )
}

export function formatThreshold(t: OperatingThreshold | null): string {
  if (!t) return 'decision: arg-max'
  const rule =
    t.rule.kind === 'target-sensitivity'
      ? `sensitivity ≥ ${t.rule.target} for ${t.positiveClass} (reached ${pct(t.rule.reached)} on validation)`
      : t.rule.kind === 'max-balanced-accuracy'
        ? 'max balanced accuracy on validation'
        : 'arg-max'
  return `decision: ${t.positiveClass} when p(${t.positiveClass}) ≥ ${t.value.toFixed(4)} — ${rule}`
}

export function formatMetrics(m: ClassificationMetrics, title: string): string {
  const w = Math.max(8, ...m.classes.map((c) => c.length))
  const lines = [
    `${title} (${m.count} images)`,
    `  accuracy ${pct(m.accuracy)}  balanced accuracy ${f3(m.balancedAccuracy)}  weighted F1 ${f3(m.weightedF1)}` +
      (m.rocAuc !== undefined ? `  ROC AUC ${f3(m.rocAuc)}` : ''),
    `  ${'class'.padEnd(w)}  precision  recall  f1     support`,
    ...m.perClass.map(
      (c) =>
        `  ${c.name.padEnd(w)}  ${f3(c.precision).padStart(9)}  ${f3(c.recall).padStart(6)}  ${f3(c.f1)}  ${String(c.support).padStart(7)}`
    ),
    `  confusion (rows true, columns predicted: ${m.classes.join(', ')})`,
    ...m.confusion.map(
      (row, i) => `  ${m.classes[i].padEnd(w)}  ${row.map((v) => String(v).padStart(6)).join(' ')}`
    )
  ]
  return lines.join('\n')
}

/** How many named paths a terminal line lists before it says "and N more". */
const NAMED = 20

/**
 * The images training left out because they have no stored features (unreadable at extraction): the test
 * split's by name, since they are missing from the test metrics printed above; empty when none was left out.
 */
export function formatLeftOut(
  missing: { train: number; val: number; test: number; testPaths: readonly string[] },
  dataset: string
): string {
  const lines: string[] = []
  const { testPaths } = missing
  if (testPaths.length) {
    const more = testPaths.length > NAMED ? ` and ${testPaths.length - NAMED} more` : ''
    lines.push(
      `${testPaths.length} test image(s) of ${dataset} have no stored features (unreadable at extraction) and are not in the test metrics: ` +
        `${testPaths.slice(0, NAMED).join(', ')}${more}`
    )
  }
  const others = [
    missing.train && `${missing.train} train`,
    missing.val && `${missing.val} validation`
  ].filter(Boolean)
  if (others.length) lines.push(`left out of training for the same reason: ${others.join(' and ')} image(s)`)
  return lines.join('\n')
}
