/**
 * .NET's JSON binder matches property names case-insensitively, and Keyfactor clients rely on it
 * (`cmsid`, `CMSID`, `CmsId` all work). This re-keys an object by lower-case names so a schema can
 * name each property once. Two spellings of the same property are a conflict, not a silent pick.
 */
export function lowerCaseKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (lower in out) throw new DuplicatePropertyError(key);
    out[lower] = inner;
  }
  return out;
}

export class DuplicatePropertyError extends Error {
  constructor(readonly property: string) {
    super(`property "${property}" is given more than once (names are case-insensitive)`);
  }
}
