// For forms whose `values` come from a query: react-hook-form applies them in an effect after the
// form first shows (and again whenever the query's data changes), and a plain reset there would
// undo what the administrator changed in between. Fields they touched keep their edits; an
// explicit `reset(...)` (after saving, or "Discard changes") still resets everything.
export const keepEdits = { keepDirtyValues: true } as const;
