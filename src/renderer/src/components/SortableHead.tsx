import { FlexRender, type HeaderGroup, type RowData, type TableFeatures } from '@tanstack/react-table'

interface SortableColumn {
  id: string
  getIsSorted: () => false | 'asc' | 'desc'
  getCanSort: () => boolean
  getToggleSortingHandler: () => ((event: unknown) => void) | undefined
}

/** A table head whose column titles are buttons: click or Enter sorts, the state is announced. */
export function SortableHead<TFeatures extends TableFeatures, TData extends RowData>({
  groups,
  hint,
}: {
  groups: HeaderGroup<TFeatures, TData>[]
  hint: string
}) {
  return (
    <thead>
      {groups.map((group) => (
        <tr key={group.id}>
          {group.headers.map((header) => {
            // Both tables register the sorting feature; the generic header type cannot know that.
            const column = header.column as unknown as SortableColumn
            const sorted = column.getIsSorted()
            return (
              <th
                key={header.id}
                className={`col-${column.id}`}
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
              >
                <button
                  type="button"
                  className="sort-button"
                  title={hint}
                  disabled={!column.getCanSort()}
                  onClick={column.getToggleSortingHandler()}
                >
                  <FlexRender header={header} />
                  <span className="sort-mark" aria-hidden>
                    {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                  </span>
                </button>
              </th>
            )
          })}
        </tr>
      ))}
    </thead>
  )
}
