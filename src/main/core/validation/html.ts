/**
 * The validation study as one self-contained HTML file a lab files with its validation records: what was
 * compared with what, every figure with its count and 95% interval, comparisons withheld with the reason, and
 * lines to sign. No scripts, no external files; prints on A4. Pure: data in, text out.
 */
import { escapeHtml as e } from '../report/html'
import { fixed, rateText } from '../../../shared/format/rate'
import type { Interval } from '../stats/quantiles'
import type { CellAgreement, ValidationStudy } from './study'

export interface ValidationReportHeader {
  scanId: number
  folder: string
  modelId: string
  /** What the reference is: "reference CSV <file>" or "classes given in review". */
  referenceSource: string
  classified: number
  withoutReference: number
  generatedAt: string
  /** Said plainly when the reference covers a selection of the cells (reviews are mostly of flagged cells). */
  caveat?: string
}

const pct = rateText
const num = fixed
const ci = (i: Interval, d = 2): string => `${num(i.low, d)} to ${num(i.high, d)}`

const STYLE = `
  body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 2em; }
  h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.5em 0 .5em; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; margin: .5em 0; } th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; }
  caption { text-align: left; font-size: 9pt; color: #555; } .meta, .note { color: #555; font-size: 9pt; }
  .withheld { color: #8a4b00; } .signoff { margin-top: 2.5em; break-inside: avoid; }
  .signoff .line { display: inline-block; width: 14em; border-bottom: 1px solid #111; margin: 0 1em 0 .3em; }
  @media print { body { margin: 0; } @page { size: A4; margin: 14mm; } tr { break-inside: avoid; } }`

function agreementSection(s: CellAgreement): string {
  const head = s.classes.map((c) => `<th>${e(c)}</th>`).join('')
  const rows = s.table
    .map((r, i) => `<tr><th>${e(s.classes[i])}</th>${r.map((n) => `<td>${n}</td>`).join('')}</tr>`)
    .join('')
  const perClass = s.perClass
    .map((c) => `<tr><th>${e(c.cls)}</th><td>${pct(c.agreed)}</td><td>${c.calledByModel}</td></tr>`)
    .join('')
  const k =
    'withheld' in s.kappa
      ? `<p class="withheld">Cohen's kappa withheld: ${e(s.kappa.withheld)}.</p>`
      : `<p>Cohen's kappa <b>${num(s.kappa.kappa, 3)}</b> (95% CI ${ci(s.kappa, 3)}; SE ${num(s.kappa.se, 3)}; observed
         agreement ${num(100 * s.kappa.observed, 1)}%, by chance ${num(100 * s.kappa.expected, 1)}%; n = ${s.kappa.n}).</p>`
  return `
    <p>Overall agreement: <b>${pct(s.overall)}</b>.</p>${k}
    <table><caption>Cells by reference class (rows) and the model's class (columns)</caption><tr><th></th>${head}</tr>${rows}</table>
    <table><caption>Per reference class: the share the model agreed with</caption>
      <tr><th>class</th><th>agreement</th><th>called this class by the model</th></tr>${perClass}</table>`
}

function blastSection(s: CellAgreement, blastClass: string): string {
  const d = s.blasts
  return `
    <table><tr><th>Sensitivity for ${e(blastClass)}</th><td>${pct(d.sensitivity)}</td></tr>
      <tr><th>Specificity</th><td>${pct(d.specificity)}</td></tr>
      <tr><th>True / false positives</th><td>${d.truePositive} / ${d.falsePositive}</td></tr>
      <tr><th>True / false negatives</th><td>${d.trueNegative} / ${d.falseNegative}</td></tr></table>`
}

function samplesSection(s: ValidationStudy): string {
  const rows = s.samples
    .map(
      (x) =>
        `<tr><th>${e(x.sample)}</th><td>${x.cells}</td><td>${pct(x.test)}</td><td>${pct(x.reference)}</td></tr>`
    )
    .join('')
  const table = `<table><caption>${e(s.blastClass)} share per sample (reference: ${s.sampleReference})</caption><tr><th>sample</th><th>cells (model)</th><th>model</th><th>reference</th></tr>${rows}</table>`
  if ('withheld' in s.methods)
    return `${table}<p class="withheld">Method comparison withheld: ${e(s.methods.withheld)}.</p>`
  const { blandAltman: ba, passingBablok: pb } = s.methods
  return `${table}
    <p><b>Bland–Altman</b> (model − reference, percentage points, ${ba.n} samples): bias ${num(ba.bias)} (95% CI ${ci(ba.biasCi)});
    95% limits of agreement ${num(ba.lower)} (CI ${ci(ba.lowerCi)}) to ${num(ba.upper)} (CI ${ci(ba.upperCi)}); SD of differences ${num(ba.sd)}.</p>
    ${
      'withheld' in pb
        ? `<p class="withheld">Passing–Bablok withheld: ${e(pb.withheld)}.</p>`
        : `<p><b>Passing–Bablok</b> (model = a + b · reference, ${pb.n} samples, ${pb.slopes} pairwise slopes): slope ${num(pb.slope, 3)}
    (95% CI ${ci(pb.slopeCi, 3)}), intercept ${num(pb.intercept)} (95% CI ${ci(pb.interceptCi)}). A slope interval holding 1 and an
    intercept interval holding 0 mean no proportional and no constant difference was shown.</p>`
    }`
}

export function renderValidationHtml(s: ValidationStudy, h: ValidationReportHeader): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Leukolens validation study, scan ${h.scanId}</title><style>${STYLE}</style></head>
<body>
<h1>Leukolens local validation study</h1>
<p class="meta">Scan ${h.scanId} of <code>${e(h.folder)}</code> · model version <code>${e(h.modelId)}</code> · generated ${e(h.generatedAt)}</p>
<p>Reference: ${e(h.referenceSource)}. ${
    s.agreement
      ? `${s.agreement.cells} of ${h.classified} classified cells have a reference class and are compared; ${h.withoutReference} have none and are left out.`
      : `Per-sample manual counts: ${s.samples.length} sample(s) both counted and scanned are compared (the model's share over all ${h.classified} classified cells of those samples' scan).`
  }</p>
${h.caveat ? `<p class="withheld">${e(h.caveat)}</p>` : ''}
${
  s.agreement
    ? `<h2>Agreement with the reference</h2>${agreementSection(s.agreement)}
<h2>Blasts (${e(s.blastClass)})</h2>${blastSection(s.agreement, s.blastClass)}`
    : ''
}
<h2>Per sample</h2>${samplesSection(s)}
<p class="note">Intervals: Wilson score intervals for shares; Fleiss–Cohen–Everitt standard error for kappa; t intervals for
Bland–Altman bias and limits (Bland &amp; Altman 1986); Passing &amp; Bablok (1983) order statistics for slope and intercept.</p>
<div class="signoff">Reviewed by <span class="line"></span> Date <span class="line"></span><br><br>
Approved for use by <span class="line"></span> Date <span class="line"></span></div>
</body></html>
`
}
