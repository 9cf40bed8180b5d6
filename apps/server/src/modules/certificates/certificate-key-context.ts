/** Sealing context of a server-generated leaf key: bound to the certificate it belongs to. */
export const certificateKeyContext = (thumbprint: string) => `certificates:${thumbprint}`;
