/**
 * Under linkage across domains, the domain whose members a key's block can leave out: that of
 * every changed record holding the key, when they are all of one domain (the common case, a batch
 * from one source). A key held by changed records of two domains leaves nobody out (null): each
 * record meets the other domain's members.
 */
export function ownDomains(
  keys: string[],
  newKeys: Map<string, string[]>,
  domains: Map<string, string>,
): Array<string | null> {
  const own = new Map<string, string | null>();
  for (const [recordId, recordKeys] of newKeys) {
    const domain = domains.get(recordId) ?? null;
    for (const key of recordKeys) own.set(key, own.has(key) && own.get(key) !== domain ? null : domain);
  }
  return keys.map((key) => own.get(key) ?? null);
}
