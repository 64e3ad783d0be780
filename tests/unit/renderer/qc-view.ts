import type { QcRunView, QcSetView } from '../../../src/shared/types/qc'

/** A control set as the window gets it: 10 images (4 ALL, 6 HEM), blasts ALL with the set's own target. */
export function qcSetView(runs: QcRunView[] = []): QcSetView {
  return {
    name: 'daily',
    folder: '/c',
    blastClass: 'ALL',
    expected: { ALL: 4, HEM: 6 },
    accuracyTarget: null,
    blastTarget: { mean: 40, sd: 15.49 },
    runs,
    openAlerts: 0,
    due: false
  }
}
