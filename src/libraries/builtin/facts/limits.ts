/** Files larger than this are not parsed (generated data, minified bundles). */
export const MAX_PARSE_BYTES = 4 * 1024 * 1024;
