/** Plain-text rendering of metrics, thresholds and epochs for the terminal. */
import type { ClassificationMetrics, EpochLog, OperatingThreshold } from '../../../../shared/types/training'
import { falseAlarmsPer100 } from '../../../../shared/operating-point'

export { falseAlarmsPer100 }

const pct = (x: number) => `${(x * 100).toFixed(2)}%`
const f3 = (x: number) => x.toFixed(3)

export function formatEpoch(l: EpochLog, total: number): string {
  // The logistic recipe's solver has no learning rate or epochs: each entry is a stretch of L-BFGS steps.
  if (l.learningRate === 0)
    return (
      `fit ${String(l.epoch).padStart(2)}  loss ${f3(l.loss)}  acc ${pct(l.accuracy)}  ` +
      `val_loss ${f3(l.valLoss)}  val_acc ${pct(l.valAccuracy)}  ${l.seconds.toFixed(1)}s (L-BFGS)`
    )
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

/** The decision rule in words. */
export function thresholdRuleText(t: OperatingThreshold): string {
  switch (t.rule.kind) {
    case 'target-sensitivity':
      return `operating point sensitivity:${t.rule.target} (ALL recall ≥ ${pct(t.rule.target)} on validation; reached ${pct(t.rule.reached)})`
    case 'target-specificity':
      return `operating point specificity:${t.rule.target} (recall of the other class ≥ ${pct(t.rule.target)} on validation; reached ${pct(t.rule.reached)})`
    case 'max-balanced-accuracy':
      return 'operating point balanced (max balanced accuracy on validation)'
    default:
      return 'arg-max'
  }
}

export function formatThreshold(t: OperatingThreshold | null): string {
  if (!t) return 'decision: arg-max'
  const v = t.validation
  const ci = v.intervals
  const cost = falseAlarmsPer100(t)
  return [
    `decision: ${t.positiveClass} when p(${t.positiveClass}) ≥ ${t.value.toFixed(4)} — ${thresholdRuleText(t)}`,
    `  on validation: sensitivity (${t.positiveClass} recall) ${f3(v.sensitivity)}${formatInterval(ci?.sensitivity, f3)}, ` +
      `specificity ${f3(v.specificity)}${formatInterval(ci?.specificity, f3)}` +
      (cost !== null
        ? `; costs ${cost.toFixed(1)} other-class cells called ${t.positiveClass} per 100 ${t.positiveClass} cells caught`
        : '')
  ].join('\n')
}

/** " (95% CI a–b)" after a figure, in the figure's own format; empty without an interval. */
export function formatInterval(i: readonly [number, number] | undefined, fmt: (x: number) => string): string {
  return i ? ` (95% CI ${fmt(i[0])}–${fmt(i[1])})` : ''
}

export function formatMetrics(m: ClassificationMetrics, title: string): string {
  const w = Math.max(8, ...m.classes.map((c) => c.length))
  const ci = m.intervals
  const lines = [
    `${title} (${m.count} images)`,
    `  accuracy ${pct(m.accuracy)}${formatInterval(ci?.accuracy, pct)}  balanced accuracy ${f3(m.balancedAccuracy)}${formatInterval(ci?.balancedAccuracy, f3)}`,
    `  weighted F1 ${f3(m.weightedF1)}` +
      (m.rocAuc !== undefined ? `  ROC AUC ${f3(m.rocAuc)}${formatInterval(ci?.rocAuc, f3)}` : ''),
    `  ${'class'.padEnd(w)}  precision  recall  f1     support${ci ? '  recall 95% CI' : ''}`,
    ...m.perClass.map(
      (c) =>
        `  ${c.name.padEnd(w)}  ${f3(c.precision).padStart(9)}  ${f3(c.recall).padStart(6)}  ${f3(c.f1)}  ${String(c.support).padStart(7)}` +
        (ci?.recall[c.name] ? `  ${f3(ci.recall[c.name][0])}–${f3(ci.recall[c.name][1])}` : '')
    ),
    `  confusion (rows true, columns predicted: ${m.classes.join(', ')})`,
    ...m.confusion.map(
      (row, i) => `  ${m.classes[i].padEnd(w)}  ${row.map((v) => String(v).padStart(6)).join(' ')}`
    )
  ]
  if (m.uncertainty) {
    const u = m.uncertainty
    lines.push(
      `  intervals: ${u.method}; ${Object.entries(u.clusters)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')} ${u.clusterBy === 'subject' ? 'subjects' : 'blocks'}`
    )
    if (ci?.flagged && ci.errorsFlagged)
      lines.push(
        `  review flag, 95% CI: images flagged ${pct(ci.flagged[0])}–${pct(ci.flagged[1])}, errors flagged ` +
          `${pct(ci.errorsFlagged[0])}–${pct(ci.errorsFlagged[1])} (the shares themselves: the review flag line)`
      )
    for (const c of u.caveats) lines.push(`  note: ${c}`)
  } else
    lines.push(
      '  no intervals stored with these figures (a version trained before they were kept): run evaluate'
    )
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
