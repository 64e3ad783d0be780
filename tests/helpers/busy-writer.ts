import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

/**
 * Another process that writes to the database without pause, each transaction holding the write lock for a
 * moment: what a scan does while a person reviews or backs up. Real SQLite in a real second process, nothing
 * mocked. `start` resolves once its first transaction has committed; `stop` ends it.
 */
export async function startBusyWriter(file: string): Promise<{ stop: () => Promise<void> }> {
  const script = `
    const Db = require(${JSON.stringify(require.resolve('better-sqlite3'))})
    const db = new Db(${JSON.stringify(file)})
    db.pragma('busy_timeout = 5000')
    db.exec('CREATE TABLE IF NOT EXISTS load_rows (n INTEGER, pad TEXT)')
    const ins = db.prepare('INSERT INTO load_rows VALUES (?, ?)')
    const batch = db.transaction((k) => { for (let i = 0; i < 400; i++) ins.run(k, 'x'.repeat(200)) })
    let stop = false
    process.stdin.on('end', () => { stop = true }).resume()
    let k = 0
    const step = () => {
      if (stop) { db.close(); return }
      batch(k++)
      if (k === 1) process.stdout.write('ready\\n')
      setImmediate(step)
    }
    step()`
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
  await once(child.stdout!, 'data')
  return {
    stop: async () => {
      child.stdin!.end()
      if (child.exitCode === null) await once(child, 'close')
    }
  }
}
