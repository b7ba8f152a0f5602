/**
 * Every backend driver, registered explicitly (containerlab's lesson: one list, no
 * discovery magic). Order does not decide apply order — step phases do.
 */
import type { Backend } from './backend.js';
// @backends-imports (keep this marker: driver imports go above it)

export const backends: readonly Backend<any>[] = [
  // @backends-list (keep this marker: drivers are listed above it)
];
