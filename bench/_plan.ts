import { existsSync } from 'node:fs'
import { openDatabase } from '../src/main/core/db/database'
import { explainHistory, historyCount, historyRows } from '../src/main/core/db/queries/history'
import { seedHistory } from '../tests/helpers/history-seed'
const file = '/tmp/hp10b.db'
const fresh = !existsSync(file)
const db = openDatabase(file)
if (fresh) seedHistory(db, 100000)
const qs: any[] = JSON.parse(process.env.QS!)
for (const q of qs) {
  for (const part of ['page', 'count'] as const) {
    let ms = 0; for (let k = 0; k < 5; k++) { const c = process.cpuUsage(); part === 'page' ? historyRows(db, { ...q, limit: 50 }) : historyCount(db, q); const u = process.cpuUsage(c); ms = (u.user + u.system) / 1000 }
    console.log(JSON.stringify(q), part, ms.toFixed(1), 'ms\n   ' + explainHistory(db, { ...q, limit: 50 }, part).join('\n   '))
  }
}
