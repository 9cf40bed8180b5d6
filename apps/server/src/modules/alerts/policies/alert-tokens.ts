/*
 * Substitution of the vendor's alert tokens (`{cn}`, `{certnotafterdate}`, …) in an alert's
 * Subject, Message and Recipients. Token names are case-insensitive; a token certlab does not
 * know (e.g. `{requester:givenname}`) is left as written, so the reader sees what was not filled.
 */

export interface TokenValues {
  cn: string;
  certnotafterdate: string;
  certnotbeforedate: string;
  serial: string;
  thumbprint: string;
  /** The certificate's `Email-Contact` metadata value; '' when it has none. */
  certemail: string;
  issuercn: string;
  template: string;
}

export const ALERT_TOKENS = [
  'cn',
  'certnotafterdate',
  'certnotbeforedate',
  'serial',
  'thumbprint',
  'certemail',
  'issuercn',
  'template',
] as const satisfies readonly (keyof TokenValues)[];

export function substituteTokens(text: string, values: TokenValues): string {
  return text.replace(/\{([A-Za-z:]+)\}/g, (whole, name: string) => {
    const key = name.toLowerCase();
    return (ALERT_TOKENS as readonly string[]).includes(key)
      ? values[key as keyof TokenValues]
      : whole;
  });
}

/** Recipients after substitution; one that became empty (no `{certemail}` value) is dropped. */
export function resolveRecipients(recipients: readonly string[], values: TokenValues): string[] {
  const resolved = recipients
    .map((recipient) => substituteTokens(recipient, values).trim())
    .filter((recipient) => recipient !== '');
  return [...new Set(resolved)];
}
