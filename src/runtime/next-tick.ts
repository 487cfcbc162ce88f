// Running a callback right after the current synchronous run: process.nextTick in Node
// (no async-hooks resource per call, which queueMicrotask costs there), a microtask in a
// browser. The secure channel's write coalescing uses it once per flush.

/** Call fn once the current synchronous run of code has finished. */
export const afterCurrentRun: (fn: () => void) => void =
  typeof process === 'object' && typeof process.nextTick === 'function' ? process.nextTick : queueMicrotask
