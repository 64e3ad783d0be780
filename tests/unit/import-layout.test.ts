import { describe, expect, it } from 'vitest'
import { parseCnmcName, subjectFromName } from '../../src/main/core/import/cnmc-names'
import { parsePrelimLabels, planImport } from '../../src/main/core/import/layout'

const noText = (rel: string): string => {
  throw new Error(`unexpected read of ${rel}`)
}

describe('C-NMC file names', () => {
  it('parses subject, image, cell and class; H prefix in either case becomes upper case', () => {
    expect(parseCnmcName('UID_2_11_1_all.bmp')).toEqual({ subject: '2', image: 11, cell: 1, label: 'ALL' })
    expect(parseCnmcName('UID_H1_30_1_hem.bmp')).toEqual({ subject: 'H1', image: 30, cell: 1, label: 'HEM' })
    expect(parseCnmcName('UID_h3_2_4_hem.bmp')).toEqual({ subject: 'H3', image: 2, cell: 4, label: 'HEM' })
    expect(parseCnmcName('uid_45_1_1_ALL.BMP')?.subject).toBe('45')
  })

  it('returns null for other names', () => {
    expect(parseCnmcName('WBC-Benign-001.jpg')).toBeNull()
    expect(parseCnmcName('UID_2_11_all.bmp')).toBeNull()
    expect(subjectFromName('1.bmp')).toBeNull()
  })
})

describe('layout detection', () => {
  it('finds the C-NMC training folds at any depth, with classes ALL/HEM and subjects', () => {
    const plan = planImport(
      [
        'PROVENANCE.csv',
        'C-NMC_Leukemia/training_data/fold_0/all/UID_2_1_1_all.bmp',
        'C-NMC_Leukemia/training_data/fold_0/hem/UID_H1_1_1_hem.bmp',
        'C-NMC_Leukemia/training_data/fold_1/hem/UID_h3_5_2_hem.bmp',
        'C-NMC_Leukemia/testing_data/C-NMC_test_final_phase_data/7.bmp'
      ],
      noText
    )
    expect(plan.layout).toBe('cnmc')
    expect(plan.description).toBe('C-NMC (Kaggle): training_data/fold_0, training_data/fold_1')
    expect(plan.files).toEqual([
      { path: 'C-NMC_Leukemia/training_data/fold_0/all/UID_2_1_1_all.bmp', sourceLabel: 'ALL', subject: '2' },
      {
        path: 'C-NMC_Leukemia/training_data/fold_0/hem/UID_H1_1_1_hem.bmp',
        sourceLabel: 'HEM',
        subject: 'H1'
      },
      {
        path: 'C-NMC_Leukemia/training_data/fold_1/hem/UID_h3_5_2_hem.bmp',
        sourceLabel: 'HEM',
        subject: 'H3'
      }
    ])
    expect(plan.ignored.map((f) => f.path)).toEqual([
      'C-NMC_Leukemia/testing_data/C-NMC_test_final_phase_data/7.bmp'
    ])
    expect(plan.sourceClasses).toEqual(['ALL', 'HEM'])
  })

  it('labels the prelim test set from its CSV (1 = ALL, 0 = HEM) with subjects from Patient_ID', () => {
    const csv = 'C-NMC_Leukemia/validation_data/C-NMC_test_prelim_phase_data_labels.csv'
    const plan = planImport(
      [
        csv,
        'C-NMC_Leukemia/validation_data/C-NMC_test_prelim_phase_data/1.bmp',
        'C-NMC_Leukemia/validation_data/C-NMC_test_prelim_phase_data/2.bmp',
        'C-NMC_Leukemia/validation_data/C-NMC_test_prelim_phase_data/3.bmp'
      ],
      (rel) => {
        expect(rel).toBe(csv)
        return 'Patient_ID,new_names,labels\r\nUID_57_29_1_all.bmp,1.bmp,1\r\nUID_H24_31_1_hem.bmp,2.bmp,0\r\n'
      }
    )
    expect(plan.layout).toBe('cnmc')
    expect(plan.files).toEqual([
      {
        path: 'C-NMC_Leukemia/validation_data/C-NMC_test_prelim_phase_data/1.bmp',
        sourceLabel: 'ALL',
        subject: '57'
      },
      {
        path: 'C-NMC_Leukemia/validation_data/C-NMC_test_prelim_phase_data/2.bmp',
        sourceLabel: 'HEM',
        subject: 'H24'
      }
    ])
    expect(plan.ignored).toEqual([
      {
        path: 'C-NMC_Leukemia/validation_data/C-NMC_test_prelim_phase_data/3.bmp',
        reason: `not listed in ${csv}`
      }
    ])
  })

  it('rejects a labels CSV with the wrong columns or labels', () => {
    expect(() => parsePrelimLabels('a,b,c\n1,2,3', 'x.csv')).toThrow(
      /x.csv: expected columns Patient_ID,new_names,labels/
    )
    expect(() =>
      parsePrelimLabels('Patient_ID,new_names,labels\nUID_1_1_1_all.bmp,1.bmp,2', 'x.csv')
    ).toThrow(/x.csv line 2/)
  })

  it('skips a C-NMC file whose name contradicts its class folder', () => {
    const plan = planImport(
      ['training_data/fold_0/all/UID_H1_1_1_hem.bmp', 'training_data/fold_0/all/UID_2_1_1_all.bmp'],
      noText
    )
    expect(plan.skipped).toEqual([
      {
        path: 'training_data/fold_0/all/UID_H1_1_1_hem.bmp',
        reason: 'file name says HEM but it is in the all folder'
      }
    ])
    expect(plan.files).toHaveLength(1)
  })

  it('reads one folder per class, names from the folders, images possibly nested', () => {
    const plan = planImport(
      ['Pro/b.jpg', 'Benign/a.jpg', 'Benign/p1/c.JPG', 'notes.txt', 'Pre/x.png', 'Pre/y.gif'],
      noText
    )
    expect(plan.layout).toBe('class-folders')
    expect(plan.sourceClasses).toEqual(['Benign', 'Pre', 'Pro'])
    expect(plan.files.map((f) => [f.path, f.sourceLabel])).toEqual([
      ['Benign/a.jpg', 'Benign'],
      ['Benign/p1/c.JPG', 'Benign'],
      ['Pre/x.png', 'Pre'],
      ['Pro/b.jpg', 'Pro']
    ])
    expect(plan.skipped).toEqual([
      { path: 'Pre/y.gif', reason: 'unsupported format GIF (BMP, PNG, JPEG and TIFF are supported)' }
    ])
  })

  it('looks through folders that only wrap the class folders', () => {
    const plan = planImport(['export/aria/Benign/a.jpg', 'export/aria/Pro/b.jpg'], noText)
    expect(plan.sourceClasses).toEqual(['Benign', 'Pro'])
    expect(plan.description).toContain('in export/aria/')
  })

  it('treats a single class folder as one class, and top-level images beside class folders as unlabelled', () => {
    expect(planImport(['ALL/a.png', 'ALL/b.png'], noText).sourceClasses).toEqual(['ALL'])
    const plan = planImport(['ALL/a.png', 'loose.png'], noText)
    expect(plan.files.find((f) => f.path === 'loose.png')?.sourceLabel).toBeNull()
    expect(plan.description).toMatch(/1 image\(s\) at the top level/)
  })

  it('calls a folder of images without sub-folders flat and unlabelled, still parsing C-NMC subjects', () => {
    const plan = planImport(['b.tif', 'UID_H2_1_3_hem.bmp', 'a.jpeg'], noText)
    expect(plan.layout).toBe('flat')
    expect(plan.files).toEqual([
      { path: 'UID_H2_1_3_hem.bmp', sourceLabel: null, subject: 'H2' },
      { path: 'a.jpeg', sourceLabel: null, subject: null },
      { path: 'b.tif', sourceLabel: null, subject: null }
    ])
  })
})
