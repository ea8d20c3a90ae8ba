/** Exit codes (the SPEC's contract for scripts). */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
