import { fixed, rateText } from '../../../shared/format/rate'
import type { CellAgreement, ValidationStudy } from '../../core/validation/study'
import type { ValidationReportHeader } from '../../core/validation/html'

/** The validation study in the terminal: every figure with its count and 95% interval. */

const pct = rateText

function cellLines(a: CellAgreement, blastClass: string, h: ValidationReportHeader): string[] {
  const k =
    'withheld' in a.kappa
      ? `  Cohen's kappa withheld: ${a.kappa.withheld}`
      : `  Cohen's kappa ${fixed(a.kappa.kappa, 3)} (95% CI ${fixed(a.kappa.low, 3)} to ${fixed(a.kappa.high, 3)}, n ${a.kappa.n})`
  return [
    `  ${a.cells} of ${h.classified} classified cells compared (${h.withoutReference} without a reference)`,
    ...(h.caveat ? [`  note: ${h.caveat}`] : []),
    `  agreement ${pct(a.overall)}`,
    k,
    ...a.perClass.map(
      (c) => `  reference ${c.cls}: model agreed ${pct(c.agreed)}; model called ${c.calledByModel} ${c.cls}`
    ),
    `  ${blastClass}: sensitivity ${pct(a.blasts.sensitivity)}, specificity ${pct(a.blasts.specificity)}`
  ]
}

export function formatValidation(s: ValidationStudy, h: ValidationReportHeader, file?: string): string {
  const lines = [
    `Validation of scan ${h.scanId} (model ${h.modelId}) against ${h.referenceSource}`,
    ...(s.agreement ? cellLines(s.agreement, s.blastClass, h) : []),
    ...s.samples.map(
      (x) => `  sample ${x.sample}: ${s.blastClass} model ${pct(x.test)}, reference ${pct(x.reference)}`
    )
  ]
  if ('withheld' in s.methods) lines.push(`  method comparison withheld: ${s.methods.withheld}`)
  else {
    const { blandAltman: ba, passingBablok: pb } = s.methods
    const f = fixed
    lines.push(
      `  Bland–Altman (model − reference, points): bias ${f(ba.bias)} (95% CI ${f(ba.biasCi.low)} to ${f(ba.biasCi.high)}), limits ${f(ba.lower)} to ${f(ba.upper)} (n ${ba.n})`,
      'withheld' in pb
        ? `  Passing–Bablok withheld: ${pb.withheld}`
        : `  Passing–Bablok: slope ${f(pb.slope, 3)} (95% CI ${f(pb.slopeCi.low, 3)} to ${f(pb.slopeCi.high, 3)}), intercept ${f(pb.intercept)} (95% CI ${f(pb.interceptCi.low)} to ${f(pb.interceptCi.high)})`
    )
  }
  if (file) lines.push(`  report written to ${file}`)
  return lines.join('\n')
}
