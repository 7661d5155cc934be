// An array whose elements are made when they are read (issue 13): the compare engine hands out
// lists of figures and of unplaced figures that can run to hundreds of thousands, of which a view
// reads a page. A Proxy over an empty array, so every reader — slicing, indexing, iteration, JSON,
// equality in the tests — reads it as the array it stands for; read-only. An element is made each
// time it is read and not kept: `compare --json` reads each of 2 M once, and keeping them would
// hold them all (equal, not identical, from one read to the next). Pure.

/** The array index a property key names, or -1 (without making a string: every read of an element passes here). */
function indexOf(key: string | symbol): number {
  if (typeof key !== 'string') return -1
  const length = key.length
  if (length === 0 || length > 15) return -1
  const first = key.charCodeAt(0)
  if (first === 48) return length === 1 ? 0 : -1
  let n = 0
  for (let at = 0; at < length; at++) {
    const digit = key.charCodeAt(at) - 48
    if (digit < 0 || digit > 9) return -1
    n = n * 10 + digit
  }
  return n
}

/** `length` elements, element n made by `make(n)` whenever it is read. */
export function lazyArray<T>(length: number, make: (n: number) => T): T[] {
  const target: T[] = []
  target.length = length
  return new Proxy(target, {
    get(target, key, receiver) {
      const n = indexOf(key)
      if (n >= 0 && n < length) return make(n)
      return Reflect.get(target, key, receiver)
    },
    has(target, key) {
      const n = indexOf(key)
      return (n >= 0 && n < length) || Reflect.has(target, key)
    },
    ownKeys(target) {
      const keys: Array<string | symbol> = Array.from({ length }, (_, n) => String(n))
      for (const key of Reflect.ownKeys(target)) if (indexOf(key) < 0) keys.push(key)
      return keys
    },
    getOwnPropertyDescriptor(target, key) {
      const n = indexOf(key)
      // Reported configurable: the target (extensible) does not hold it.
      if (n >= 0 && n < length) return { value: make(n), writable: false, enumerable: true, configurable: true }
      return Reflect.getOwnPropertyDescriptor(target, key)
    },
    set() {
      return false
    },
    deleteProperty() {
      return false
    },
    defineProperty() {
      return false
    },
  })
}
