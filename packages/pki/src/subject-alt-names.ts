/** A certificate's (or request's) subject alternative names, by kind. */
export interface SubjectAltNames {
  dns: string[];
  ip: string[];
  email: string[];
  uri: string[];
}

export function emptySubjectAltNames(): SubjectAltNames {
  return { dns: [], ip: [], email: [], uri: [] };
}
