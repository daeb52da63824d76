/**
 * cdktf keeps every token it ever made in one map for the whole process (its `TokenMap`, kept on
 * `globalThis.__cdktfTokenMap`), and each token holds on to the construct behind it: an app that
 * was synthesised and dropped stays in memory until the process ends. Synthesis in batches
 * (synthesis/parallel.ts) releases each batch's tokens once its files are written, so that a
 * thread holds one batch at a time. Tokens that existed before the batch are kept.
 */

/** The two maps of cdktf's TokenMap (node_modules/cdktf/lib/tokens/private/token-map.js). */
interface TokenMapStorage {
  stringTokenMap: Map<string, unknown>;
  numberTokenMap: Map<number, unknown>;
}

function tokenMap(): TokenMapStorage | undefined {
  const storage = (globalThis as { __cdktfTokenMap?: Partial<TokenMapStorage> }).__cdktfTokenMap;
  return storage?.stringTokenMap instanceof Map && storage.numberTokenMap instanceof Map ? (storage as TokenMapStorage) : undefined;
}

/** Runs `work` (build and synthesise an app), then forgets the tokens it registered, which nothing may use after it. */
export function releasingTokens<T>(work: () => T): T {
  const before = tokenMap();
  const kept = { strings: new Set(before?.stringTokenMap.keys()), numbers: new Set(before?.numberTokenMap.keys()) };
  try {
    return work();
  } finally {
    const after = tokenMap();
    for (const key of [...(after?.stringTokenMap.keys() ?? [])]) if (!kept.strings.has(key)) after!.stringTokenMap.delete(key);
    for (const key of [...(after?.numberTokenMap.keys() ?? [])]) if (!kept.numbers.has(key)) after!.numberTokenMap.delete(key);
  }
}
