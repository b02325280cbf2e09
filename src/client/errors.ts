// Errors of the client side that the entry point reports (kept apart from the client itself so
// that main.ts can recognise them without loading the engine).

/** The docker CLI's context errors (printed as they are, exit 1). */
export class ContextError extends Error {}
