/**
 * The report's flagged images: each with why it was flagged in words (unfamiliar, an image check, low confidence
 * or near the decision threshold), the first ones as cards with a thumbnail, and every one of them in a list at
 * the end, so that no flagged cell is left off the paper a person signs.
 */
import { FLAG_REASON_LABEL, type FlagReasonKind, type FlagReasonPart } from '../../../shared/flag-reasons'
import { escapeHtml as e, pct } from './html-text'

export interface ReportImage {
  /** The image file, or for a cell of a whole field "cell N of FIELD". */
  path: string
  sha256: string
  predicted: string
  confidence: number
  probabilities: Record<string, number>
  /** Why it was flagged, one part per reason. */
  reasons: FlagReasonPart[]
  /** `data:image/jpeg;base64,…`; undefined when the file could not be read any more or past the thumbnail cap. */
  thumbnail?: string
  review?: { label: string; reviewer: string }
}

/** Flagged images shown as cards with a thumbnail; the rest are in the list only. */
export const MAX_REPORT_THUMBNAILS = 200

const KINDS: FlagReasonKind[] = ['unfamiliar', 'image-check', 'confidence', 'other']

function whyText(img: ReportImage): string {
  if (!img.reasons.length) return 'flagged (no reason stored)'
  return img.reasons
    .map((r) => (r.kind === 'other' ? r.text : `${FLAG_REASON_LABEL[r.kind]}: ${r.text}`))
    .join('; ')
}

/** "Flagged for review: 272 (unfamiliar 272, image check 3), 0 reviewed." */
export function flaggedSummary(flagged: readonly ReportImage[]): string {
  const by = KINDS.map(
    (k) => [k, flagged.filter((f) => f.reasons.some((r) => r.kind === k)).length] as const
  ).filter(([, n]) => n > 0)
  const parts = by.map(([k, n]) => `${FLAG_REASON_LABEL[k]} ${n}`).join(', ')
  const reviewed = flagged.filter((f) => f.review).length
  return `Flagged for review: <b>${flagged.length}</b>${parts ? ` (${e(parts)})` : ''}, ${reviewed} of them reviewed.`
}

function imageCard(img: ReportImage): string {
  const probs = Object.entries(img.probabilities)
    .map(([c, p]) => `${e(c)} ${pct(p)}`)
    .join(' · ')
  const pic = img.thumbnail
    ? `<img src="${img.thumbnail}" alt="">`
    : '<div class="missing">file not readable now</div>'
  const review = img.review
    ? `<div class="rev">reviewed: <b>${e(img.review.label)}</b> by ${e(img.review.reviewer)}</div>`
    : ''
  return `<figure>${pic}<figcaption><b>${e(img.predicted)}</b> ${pct(img.confidence)}<br><span class="small">${probs}</span>
    <div class="why">${e(whyText(img))}</div><div class="path">${e(img.path)}</div>${review}</figcaption></figure>`
}

function listRow(img: ReportImage, i: number): string {
  const review = img.review ? `<b>${e(img.review.label)}</b> by ${e(img.review.reviewer)}` : 'not reviewed'
  return `<tr><td>${i + 1}</td><td class="path">${e(img.path)}</td><td>${e(img.predicted)} ${pct(img.confidence)}</td>
    <td class="small">${e(whyText(img))}</td><td>${review}</td></tr>`
}

export function flaggedSection(flagged: readonly ReportImage[]): string {
  if (!flagged.length) return '<h2>Flagged images</h2><p>None.</p>'
  const cards = flagged.slice(0, MAX_REPORT_THUMBNAILS)
  const note =
    cards.length < flagged.length
      ? `<p>The first ${cards.length} of ${flagged.length} with a picture; every one is in the list at the end.</p>`
      : ''
  return `<h2>Flagged images</h2>${note}<div class="grid">${cards.map(imageCard).join('')}</div>
<h2>All flagged images (${flagged.length})</h2>
<table class="list"><tr><th>#</th><th>image</th><th>model</th><th>why flagged</th><th>review</th></tr>${flagged.map(listRow).join('')}</table>`
}
