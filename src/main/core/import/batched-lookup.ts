/**
 * One key at a time for the caller, many keys per query for the database: the keys asked for in one turn of the
 * event loop go together, and while one lookup runs, the keys asked for meanwhile wait and go together in the next. The import's parallel readers each ask whether their file's
 * content is stored; on a shared PostgreSQL database a round trip per file would cost more than the file itself.
 */
export function batchedLookup<V>(
  fetch: (keys: string[]) => Promise<Map<string, V>>
): (key: string) => Promise<V | undefined> {
  let waiting: { key: string; done: (v: V | undefined) => void; fail: (err: unknown) => void }[] = []
  let running = false
  const next = async (): Promise<void> => {
    while (waiting.length) {
      const batch = waiting
      waiting = []
      try {
        const found = await fetch([...new Set(batch.map((w) => w.key))])
        for (const w of batch) w.done(found.get(w.key))
      } catch (err) {
        for (const w of batch) w.fail(err)
      }
    }
    running = false
  }
  return (key) =>
    new Promise((done, fail) => {
      waiting.push({ key, done, fail })
      if (running) return
      running = true
      // The first key waits for the files whose reads finished in the same turn of the event loop to ask too.
      setImmediate(() => void next())
    })
}
