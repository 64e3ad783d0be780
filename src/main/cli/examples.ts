/**
 * Examples shown at the end of each command's --help, by the command's path. The shared data paths are written
 * as $SHARED, the README's variable for the folder that holds them.
 */
export const EXAMPLES: Record<string, readonly string[]> = {
  scan: [
    'leukolens scan incoming/ --recursive --out results.csv',
    'leukolens scan $SHARED/data/bccd-fields/JPEGImages --fields --out field-cells.csv',
    'leukolens scan incoming/ --rescan                 a new scan record, every image computed again',
    'leukolens scan /lab/share/incoming --queue --database postgres://lab-server/leukolens',
    'leukolens scan --wait 12                           follow queued scan 12 and print its summary'
  ],
  worker: [
    'leukolens worker --database postgres://lab-server/leukolens',
    'leukolens worker --once                           until the queue is empty'
  ],
  history: [
    'leukolens history --flagged --limit 20',
    'leukolens history --scans',
    'leukolens history --scan 3 --out scan-3.csv'
  ],
  review: [
    'leukolens review cells/UID_H1_1_1_hem.bmp --label HEM --note "typical lymphocyte"',
    'leukolens review 3f2a9c01b7de --label ALL          the 12 characters history prints',
    'leukolens review fields/BloodImage_00010.jpg        list the cells of a whole field',
    'leukolens review fields/BloodImage_00010.jpg --cell 2 --label hem'
  ],
  'review log': ['leukolens review log', 'leukolens review log 3f2a9c01b7de'],
  'review verify': ['leukolens review verify'],
  'review add-to-dataset': ['leukolens review add-to-dataset --dataset corrections --create'],
  users: ['leukolens users list', 'leukolens users add ana --role reviewer < ana-password.txt'],
  'users add': [
    'leukolens users add ana --role reviewer            the password at a hidden prompt',
    'leukolens users add tom --role technician < tom-password.txt'
  ],
  'users list': ['leukolens users list'],
  'users disable': ['leukolens users disable tom'],
  sign: [
    'leukolens sign --kind report --id S-17 --meaning approved --file s17.html',
    'leukolens sign --kind export --id scan-3 --meaning reviewed --file scan-3.csv'
  ],
  explain: [
    'leukolens explain cell.bmp --out cam.png',
    'leukolens explain cell.bmp --class HEM --out cam-hem.png',
    'leukolens explain 3f9a0c12d4e5 --out cam.png'
  ],
  report: ['leukolens report --out report.html', 'leukolens report --scan 3 --sample-id S-17 --out s17.html'],
  train: [
    'leukolens train --dataset aria --backbone mobilenetv2',
    'leukolens train --dataset aria --backbone mobilenetv2 --recipe published --activate'
  ],
  evaluate: ['leukolens evaluate --dataset aria', 'leukolens evaluate --dataset aria --split val --model ID'],
  split: ['leukolens split aria --seed 7', 'leukolens split aria --block-size 50'],
  datasets: ['leukolens datasets list', 'leukolens datasets show aria'],
  'datasets list': ['leukolens datasets list'],
  'datasets show': ['leukolens datasets show aria'],
  'datasets delete': ['leukolens datasets delete aria'],
  models: ['leukolens models list', 'leukolens models activate ID'],
  'models list': ['leukolens models list'],
  'models show': ['leukolens models show', 'leukolens models show ID'],
  'models activate': ['leukolens models activate 20261206-193424-965780'],
  'models export': ['leukolens models export ID model.zip'],
  'models import': ['leukolens models import model.zip', 'leukolens models import notebook-model.keras'],
  'models delete': ['leukolens models delete ID'],
  doctor: ['leukolens doctor', 'leukolens doctor --backend onnxruntime'],
  backbone: ['leukolens backbone list'],
  'backbone add': [
    'leukolens backbone add $SHARED/models/mobilenet-v2-0.35-imagenet --name mobilenetv2 --preprocess tf',
    'leukolens backbone add densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5 --name densenet121'
  ],
  'backbone list': ['leukolens backbone list'],
  'backbone fetch': ['leukolens backbone fetch densenet121'],
  'backbone quantize': ['leukolens backbone quantize mobilenetv2 --dataset aria --images 256'],
  'backbone remove': ['leukolens backbone remove mobilenetv2-int8'],
  features: ['leukolens features extract --dataset aria --backbone mobilenetv2'],
  'features extract': ['leukolens features extract --dataset aria --backbone mobilenetv2 --workers 2'],
  settings: [
    'leukolens settings                          every setting, its value in force and where it comes from',
    'leukolens settings reviewThreshold 0.9      flag every prediction under 90% confidence',
    "leukolens settings reviewThreshold --unset  back to the active model's own threshold"
  ],
  db: ['leukolens db backup', 'leukolens db check'],
  'db backup': ['leukolens db backup', 'leukolens db backup /media/usb/leukolens-backup.db'],
  'db check': ['leukolens db check'],
  'db gc': [
    'leukolens db gc',
    'leukolens db gc --database postgres://leukolens:PASSWORD@lab-server:5432/leukolens'
  ],
  'db restore': [
    'leukolens db restore lab-backup.db --database postgres://leukolens:PASSWORD@lab-server:5432/leukolens'
  ],
  server: ['leukolens server start', 'leukolens server status', 'leukolens server stop'],
  'server start': [
    'leukolens server start                            this machine only, port 5432',
    'leukolens server start --listen 0.0.0.0 --port 5433  for the lab network'
  ],
  'server stop': ['leukolens server stop'],
  'server status': ['leukolens server status', 'leukolens server status --json'],
  cells: [
    'leukolens cells $SHARED/data/bccd-fields/JPEGImages --out cells.csv --overlay overlays/',
    'leukolens cells field.jpg --um-per-px 0.1'
  ],
  qc: ['leukolens qc list', 'leukolens qc run controls-A'],
  'qc add': [
    'leukolens qc add controls-A /lab/qc/controls-A --map Benign=HEM,Early=ALL',
    'leukolens qc add controls-B /lab/qc/controls-B --reference expected.csv'
  ],
  'qc list': ['leukolens qc list'],
  'qc run': [
    'leukolens qc run controls-A',
    'leukolens qc run controls-A --model ID',
    'leukolens qc run --due'
  ],
  'qc show': ['leukolens qc show controls-A'],
  'qc target': [
    'leukolens qc target controls-A --accuracy 96,1.5',
    'leukolens qc target controls-A --from-runs 20'
  ],
  'qc ack': ['leukolens qc ack 12 --note "lamp replaced, rerun in control"'],
  'qc alerts': ['leukolens qc alerts'],
  validate: [
    'leukolens validate --scan 3 --reference reference.csv --map Benign=HEM,Early=ALL --out study.html',
    'leukolens validate --scan 3 --reviewed'
  ],
  sample: [
    'leukolens sample list --waiting',
    'leukolens sample show 3',
    'leukolens sample sign 3 --sample S-17',
    'leukolens sample export 3 --sample S-17 --format fhir --out s17.json'
  ],
  'sample list': ['leukolens sample list --waiting', 'leukolens sample list --scans 50 --json'],
  'sample show': [
    'leukolens sample show 3',
    'leukolens sample show 3 --sample S-17 --cells',
    'leukolens sample show 3 --json'
  ],
  'sample classify': [
    'leukolens sample classify 3 --cell 3f2a9c01be77 --class ALL',
    'leukolens sample classify 3 --cell slides/field-04.jpg:2 slides/field-05.jpg:1 --class unidentified --note "smudged"'
  ],
  'sample sign': [
    'leukolens sample sign 3 --sample S-17',
    'leukolens sample sign 3 --sample S-17 --reason "too few cells on the slide" --reviewer "Anna Berg"'
  ],
  'sample export': [
    'leukolens sample export 3 --sample S-17 --format hl7 --out s17.hl7',
    'leukolens sample export 3 --sample S-17 --format fhir --patient P-0042 --out s17.json'
  ],
  'sample send': ['leukolens sample send 3 --sample S-17 --patient P-0042 --host lis.lab.local --port 2575'],
  lis: ['leukolens lis', 'leukolens lis --host lis.lab.local --port 2575 --receiving-facility HEMA']
}
