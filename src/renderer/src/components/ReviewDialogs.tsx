import type { ScanRecord } from '../../../shared/types/scan'
import { baseName } from '../logic/format'
import type { ScreenProps } from '../screens/screen-props'
import { AddToDatasetDialog } from './AddToDatasetDialog'
import { ReportDialog, type ReportHeading } from './ReportDialog'
import { ReviewerDialog } from './ReviewerDialog'

/** The review screen's dialogs: the report's heading, the reviewer's name, and reviewed cells into a dataset. */
export function ReviewDialogs(props: {
  scan: ScanRecord | undefined
  report: {
    open: boolean
    close: () => void
    operator: string
    signOff: Parameters<typeof ReportDialog>[0]['signOff']
    save: (heading: ReportHeading) => void
  }
  reviewer: { asking: boolean; cancel: () => void; save: (name: string) => void }
  toDataset: { open: boolean; close: () => void; reviewed: number }
  navigate: ScreenProps['navigate']
}) {
  const { scan, report, reviewer, toDataset } = props
  return (
    <>
      {report.open && (
        <ReportDialog
          open
          defaults={{ sampleId: scan ? baseName(scan.folder) : '', operator: report.operator }}
          signOff={report.signOff}
          onCancel={report.close}
          onSave={(heading) => {
            report.close()
            report.save(heading)
          }}
        />
      )}
      <ReviewerDialog open={reviewer.asking} onCancel={reviewer.cancel} onSave={reviewer.save} />
      {scan && (
        <AddToDatasetDialog
          open={toDataset.open}
          scanId={scan.id}
          reviewed={toDataset.reviewed}
          onClose={toDataset.close}
          onRetrain={(dataset) => props.navigate('training', { dataset })}
        />
      )}
    </>
  )
}
