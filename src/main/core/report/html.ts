import type { ClassificationMetrics, ThresholdRule } from '../../../shared/types/training'
import type {
  BatchDrift,
  ReviewEntry,
  SampleCount,
  ScanRecord,
  UnreadableFile
} from '../../../shared/types/scan'
import type { SignOffState } from '../samples/sign-off-gate'
import { signOffRefusal } from '../samples/sign-off-gate'
import { flaggedSection, flaggedSummary, type ReportImage } from './flagged-html'
import { escapeHtml, pct } from './html-text'

export { escapeHtml, type ReportImage }

/**
 * The printable scan report as one self-contained HTML file: no scripts, no external files (thumbnails are data
 * URIs), a print stylesheet with page breaks that keep table rows and image cards whole. Pure: data in, text out.
 */

export interface ReportModel {
  id: string
  name?: string
  backbone?: string
  classes: string[]
  createdAt?: string
  /** Two-class operating point, when the model version has one. */
  threshold?: { positiveClass: string; value: number; rule: ThresholdRule }
  test?: ClassificationMetrics
  /** Shares of unfamiliar and flagged images on the version's validation split (the batch-drift reference). */
  validation?: { unfamiliar: number; flagged: number }
}

export interface ReportData {
  scan: ScanRecord
  /** undefined when the model version is no longer in the registry (its predictions remain). */
  model?: ReportModel
  files: number
  countsByClass: Record<string, number>
  /** Every flagged image (only the first ones carry a thumbnail). */
  flagged: ReportImage[]
  unreadable: UnreadableFile[]
  reviews: ReviewEntry[]
  /** The whole review log's hash chain when the report was made (review/chain.ts). */
  auditChain?: { ok: boolean; entries: number; lastHash: string; brokenAt?: number }
  generatedAt: string
  /** What heads the report and what the operator signs: the sample and who ran it. */
  sampleId: string
  operator: string
  /** Per-sample counts of a whole-field scan (absent for a scan of cell images). */
  samples?: SampleCount[]
  /** The whole scan as one sample: class percentages without the unfamiliar cells, or withheld with the reason. */
  result: SampleCount
  signOff: SignOffState
  /** The batch against the model's validation shares; absent for versions without them. */
  drift?: BatchDrift
}

const e = escapeHtml

function ruleText(rule: ThresholdRule): string {
  switch (rule.kind) {
    case 'argmax':
      return 'highest probability'
    case 'max-balanced-accuracy':
      return 'chosen on the validation split to maximise balanced accuracy'
    case 'target-sensitivity':
      return `chosen on the validation split to reach sensitivity ${pct(rule.target)} (reached ${pct(rule.reached)})`
    case 'target-specificity':
      return `chosen on the validation split to reach specificity ${pct(rule.target)} (reached ${pct(rule.reached)})`
  }
}

function modelSection(d: ReportData): string {
  const m = d.model
  if (!m)
    return `<p>Model version <code>${e(d.scan.modelId)}</code> is no longer in the registry; its predictions are kept.</p>`
  const rows: [string, string][] = [
    ['Model version', `<code>${e(m.id)}</code>${m.name ? ` (${e(m.name)})` : ''}`],
    ['Backbone', e(m.backbone ?? '—')],
    ['Classes', e(m.classes.join(', '))],
    ['Created', e(m.createdAt ?? '—')]
  ]
  if (m.threshold)
    rows.push([
      'Decision threshold',
      `${e(m.threshold.positiveClass)} when p ≥ ${m.threshold.value.toFixed(3)} — ${e(ruleText(m.threshold.rule))}`
    ])
  let metrics = '<p>No test metrics are stored with this model version.</p>'
  if (m.test) {
    const t = m.test
    const head = t.classes.map((c) => `<th>${e(c)}</th>`).join('')
    const confusion = t.confusion
      .map((r, i) => `<tr><th>${e(t.classes[i])}</th>${r.map((n) => `<td>${n}</td>`).join('')}</tr>`)
      .join('')
    const perClass = t.perClass
      .map(
        (c) =>
          `<tr><th>${e(c.name)}</th><td>${pct(c.precision)}</td><td>${pct(c.recall)}</td><td>${pct(c.f1)}</td><td>${c.support}</td></tr>`
      )
      .join('')
    metrics = `
      <p>Test split (${t.count} images): accuracy <b>${pct(t.accuracy)}</b>, balanced accuracy <b>${pct(t.balancedAccuracy)}</b>,
      weighted F1 <b>${pct(t.weightedF1)}</b>${t.rocAuc !== undefined ? `, ROC AUC <b>${t.rocAuc.toFixed(3)}</b>` : ''}.</p>
      <div class="pair">
        <table><caption>Confusion (rows: true, columns: predicted)</caption><tr><th></th>${head}</tr>${confusion}</table>
        <table><caption>Per class</caption><tr><th></th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>${perClass}</table>
      </div>`
  }
  return `<table class="kv">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>${metrics}`
}

/** One sample's class table, or the reason it has none. */
function classTable(s: SampleCount, unit: string): string {
  if (s.withheld) return `<p class="nores"><b>${e(s.reason!)}</b>; no class percentages are given.</p>`
  const rows = Object.entries(s.byClass)
    .map(
      ([c, p]) =>
        `<tr><th>${e(c)}</th><td>${p.count}</td><td>${p.percent.toFixed(1)}%</td><td>${p.low.toFixed(1)}–${p.high.toFixed(1)}%</td></tr>`
    )
    .join('')
  const apart = s.unfamiliar
    ? `<p class="small">${s.unfamiliar} unfamiliar ${unit}${s.unfamiliar === 1 ? '' : 's'} counted apart (in no percentage).</p>`
    : ''
  return `<table><tr><th>Class (reviewed label, else the model's)</th><th>${unit}s</th><th>% of ${s.counted}</th><th>95% CI (Wilson)</th></tr>${rows}</table>${apart}`
}

function countsSection(d: ReportData): string {
  const unit = d.samples ? 'cell' : 'image'
  const lead = d.samples
    ? `<p>${d.result.cells} white cells found and classified, ${d.flagged.length} flagged for review, ${d.unreadable.length} unreadable fields.</p>`
    : `<p>${d.files} files: ${d.result.cells} classified, ${d.flagged.length} flagged for review, ${d.unreadable.length} unreadable.</p>`
  return `${lead}${classTable(d.result, unit)}`
}

/** The differential count of each sample, by the label each cell has now (the review's, else the model's). */
function samplesSection(samples: readonly SampleCount[]): string {
  if (!samples.length) return '<p>No white cell was found in any field.</p>'
  return samples
    .map(
      (s) =>
        `<div class="sample"><p>Sample <b>${e(s.sample)}</b>: ${s.fields} field${s.fields === 1 ? '' : 's'},
        ${s.cells} cell${s.cells === 1 ? '' : 's'} found, ${s.unfamiliar} unfamiliar, ${s.flagged} flagged, ${s.reviewed} reviewed</p>
        ${s.cells ? classTable(s, 'cell') : ''}</div>`
    )
    .join('')
}

/** What a reader needs before anything else: is there a result, how many cells the model did not know. */
function atTheTop(d: ReportData): string {
  const r = d.result
  const unit = d.samples ? 'cells' : 'images'
  const nores = [...(d.samples ?? [r])].filter((s) => s.withheld)
  const head = nores.length
    ? nores
        .map(
          (s) => `<p class="nores"><b>${d.samples ? `Sample ${e(s.sample)}: ` : ''}${e(s.reason!)}</b></p>`
        )
        .join('')
    : ''
  const drift = d.drift?.message
    ? `<p class="nores"><b>${e(d.drift.message.replace(/^this/, 'This'))}</b>.</p>`
    : ''
  return `${head}${drift}<p class="top">Unfamiliar: <b>${r.unfamiliar} of ${r.cells}</b> ${unit} are unlike this model's training data
    (counted apart, in no percentage). ${flaggedSummary(d.flagged)}</p>`
}

function headerTable(d: ReportData): string {
  const rows: [string, string][] = [
    ['Sample id', e(d.sampleId) || '—'],
    ['Operator', e(d.operator) || '—'],
    ['Date', e(d.generatedAt.slice(0, 10))]
  ]
  return `<table class="kv head">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`
}

const SIGN_OFF_LINE = `<div class="signoff">
  <p>I have reviewed the flagged cells and the counts above.</p>
  <p>Signed off by: <span class="line"></span> Signature: <span class="line"></span> Date: <span class="line short"></span></p>
</div>`

const withheldAny = (d: ReportData): boolean => (d.samples ?? [d.result]).some((s) => s.withheld)

function signOff(d: ReportData): string {
  const refusal = signOffRefusal(d.signOff)
  return refusal
    ? `<div class="signoff refused"><p><b>${e(refusal)}</b></p><p>${withheldAny(d) ? 'A withheld result cannot be signed: scan a sample this model knows.' : 'Review the flagged cells, then print the report again.'}</p></div>`
    : SIGN_OFF_LINE
}

function auditLine(d: ReportData): string {
  const c = d.auditChain
  if (!c) return ''
  return c.ok
    ? `<p class="audit">Review audit log: ${c.entries} entries, hash chain intact; last hash <code>${c.lastHash}</code></p>`
    : `<p class="audit"><b>Review audit log: the hash chain is broken at entry ${c.brokenAt}</b> (an entry was edited, removed or backdated); last hash <code>${c.lastHash}</code></p>`
}

function reviewsSection(d: ReportData): string {
  if (!d.reviews.length) return `<p>No reviewer decisions yet for the images of this scan.</p>${auditLine(d)}`
  const rows = d.reviews
    .map(
      (r) =>
        `<tr><td>${e(r.createdAt)}</td><td>${e(r.reviewer)}</td><td><code>${e(r.sha256.slice(0, 12))}</code></td>` +
        `<td>${e(r.oldLabel ?? '—')} → <b>${e(r.newLabel)}</b></td><td>${e(r.note ?? '')}</td></tr>`
    )
    .join('')
  return `<table><tr><th>when (UTC)</th><th>reviewer</th><th>image</th><th>label</th><th>note</th></tr>${rows}</table>${auditLine(d)}`
}

const STYLE = `
  body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 2em; }
  h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.5em 0 .5em; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; margin: .5em 0; } th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; }
  table.kv th { background: #f3f3f3; } caption { text-align: left; font-size: 9pt; color: #555; }
  .pair { display: flex; gap: 2em; flex-wrap: wrap; } .small, .path { font-size: 8pt; color: #444; } .path { word-break: break-all; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; }
  figure { margin: 0; border: 1px solid #ccc; padding: 4px; break-inside: avoid; page-break-inside: avoid; }
  figure img { width: 100%; height: auto; display: block; } .missing { height: 96px; background: #eee; font-size: 8pt; }
  .rev { font-size: 8pt; color: #064; } .meta { color: #555; font-size: 9pt; }
  table.head th { width: 7em; }
  .signoff { margin-top: 2.5em; break-inside: avoid; page-break-inside: avoid; }
  .signoff .line { display: inline-block; width: 14em; border-bottom: 1px solid #111; margin: 0 1em 0 .3em; }
  .signoff .line.short { width: 7em; } .nores { color: #a00; } .refused { border: 2px solid #a00; padding: .5em 1em; }
  .top { font-size: 10pt; } .why { font-size: 8pt; color: #a00; }
  @media print {
    body { margin: 0; } @page { size: A4; margin: 14mm; }
    h2 { break-after: avoid; page-break-after: avoid; } tr { break-inside: avoid; page-break-inside: avoid; }
    .grid { grid-template-columns: repeat(4, 1fr); }
  }`

export function renderReportHtml(d: ReportData): string {
  const s = d.scan
  const unreadable = d.unreadable.length
    ? `<table><tr><th>file</th><th>reason</th></tr>${d.unreadable.map((u) => `<tr><td class="path">${e(u.path)}</td><td>${e(u.reason)}</td></tr>`).join('')}</table>`
    : '<p>None.</p>'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Leukolens scan ${s.id} report</title><style>${STYLE}</style></head>
<body>
<h1>Leukolens ${d.samples ? 'sample' : 'scan'} report</h1>
${headerTable(d)}
${atTheTop(d)}
<p class="meta">Scan ${s.id} of <code>${e(s.folder)}</code>${s.recursive ? ' (with subfolders)' : ''} · started ${e(s.startedAt)}
 · ${e(s.status)}${s.finishedAt ? ` ${e(s.finishedAt)}` : ''}${s.tta ? ' · test-time augmentation' : ''} · report generated ${e(d.generatedAt)}</p>
<p class="meta">The model proposes; a person confirms. Flagged images need a reviewer's decision.</p>
<h2>Model</h2>${modelSection(d)}
${d.samples ? `<h2>Per-sample counts</h2>${samplesSection(d.samples)}` : ''}
<h2>Results</h2>${countsSection(d)}
${flaggedSection(d.flagged)}
<h2>Reviewer decisions</h2>${reviewsSection(d)}
<h2>Unreadable files</h2>${unreadable}
${signOff(d)}
</body></html>
`
}
