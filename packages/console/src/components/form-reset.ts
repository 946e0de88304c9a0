// For forms whose `values` come from a query: react-hook-form applies them in an effect after the
// form first shows (and again whenever the query's data changes), and a plain reset there would
// undo what the administrator changed in between. `keepEdits` (the form's resetOptions) keeps the
// fields they touched. react-hook-form applies resetOptions to explicit `reset(...)` calls too, so
// those (after saving, "Discard changes") pass `discardEdits` to replace every field.
export const keepEdits = { keepDirtyValues: true } as const;
export const discardEdits = { keepDirtyValues: false } as const;
