/** The CLI contract: 0 answer, 1 the work failed (invalid model, query, program…), 2 usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
