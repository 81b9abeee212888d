// A page's state in one place: `get()` it, `set()` a patch, `subscribe()` its render.
//
// Every page keeps what it shows in one store and draws it with one render function
// subscribed to it; events and answers only `set()` what changed.

/**
 * `createStore({doc: null})`: `set(patch)` (an object, or a function of the state
 * returning one) makes a new state and calls every subscriber with it and the patch.
 */
export function createStore(initial) {
  let state = { ...initial };
  const listeners = new Set();
  const set = (patch) => {
    const changes = typeof patch === "function" ? patch(state) : patch;
    state = { ...state, ...changes };
    for (const listener of [...listeners]) listener(state, changes);
  };
  return {
    get: () => state,
    set,
    /** `update("roster", {busy: true})`: set some fields of one part of the state. */
    update: (key, fields) => set((current) => ({ [key]: { ...current[key], ...fields } })),
    /** Call `listener(state, changes)` after every `set`; returns the unsubscribe. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Whether a `set` touched any of `keys`; the first render (no patch) draws everything. */
export function touched(changes, ...keys) {
  return !changes || keys.some((key) => key in changes);
}
