import { useEffect, useRef, useState } from 'react'
import type { PredictionFilter, PredictionPage } from '../../../shared/contract'
import { call, errorText } from '../api'
import { lastPage, pageRequest } from '../logic/history-pages'

const EMPTY: PredictionPage = { rows: [], total: 0, totalExact: true, next: null }

/**
 * The History's pages for one filter: the page shown, its rows and how many rows match. Pages are asked for after
 * the cursor of a page seen before (logic/history-pages.ts); a new filter starts its own cursors. The count stops
 * a little past the page unless the user asks for every match to be counted (`countAll`), which then holds for
 * that filter's pages.
 */
export function useHistoryPages(f: PredictionFilter, size: number, setError: (e: string) => void) {
  const key = JSON.stringify(f)
  const [page, setPage] = useState(0)
  const [data, setData] = useState<PredictionPage>(EMPTY)
  const [counted, setCounted] = useState<{ key: string; total: number } | null>(null)
  const [counting, setCounting] = useState(false)
  const starts = useRef({ key: '', pages: new Map<number, string>() })

  useEffect(() => {
    let live = true
    if (starts.current.key !== key) starts.current = { key, pages: new Map() }
    const pages = starts.current.pages
    call('predictions:query', { ...f, ...pageRequest(pages, page, size), limit: size }).then(
      (d) => {
        if (!live) return
        if (d.next) pages.set(page + 1, d.next)
        // A jump past the end lands on the last page there is.
        if (!d.rows.length && page > 0 && d.totalExact) setPage(lastPage(d.total, size))
        else setData(d)
      },
      (err: unknown) => live && setError(errorText(err))
    )
    return () => {
      live = false
    }
    // `key` stands for `f`: a filter equal in content is the same query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, page, size])

  const countAll = (): void => {
    setCounting(true)
    call('predictions:query', { ...f, limit: 1, countAll: true })
      .then(
        (d) => setCounted({ key, total: d.total }),
        (err: unknown) => setError(errorText(err))
      )
      .finally(() => setCounting(false))
  }

  const exactCount = counted?.key === key ? counted.total : null
  return {
    page,
    setPage,
    rows: data.rows,
    total: exactCount ?? data.total,
    totalExact: exactCount !== null || data.totalExact,
    countAll,
    counting
  }
}
