// The chart's x-axis: one tick per year with a label for every year from the first figure's to
// the last one's, those without a figure included (a row with figures for 2017 and 2020 still
// reads 2018 and 2019), and none on the year of margin at each end.
export interface YearAxis {
  min: number
  max: number
  label: (value: number) => string
}

export function yearAxis(years: readonly number[]): YearAxis {
  const first = Math.min(...years)
  const last = Math.max(...years)
  return {
    min: first - 1,
    max: last + 1,
    // ECharts hands tick values over as floats (2018.0000000002 after its own arithmetic).
    label: (value) => {
      const year = Math.round(value)
      return Math.abs(value - year) < 1e-6 && year >= first && year <= last ? String(year) : ''
    },
  }
}
