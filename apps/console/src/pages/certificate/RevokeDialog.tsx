import {
  type CertificateDetail,
  REVOCATION_REASON_CHOICES,
  RevokeRequestSchema,
  type RevokeResult,
} from '@certlab/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Ban } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { errorMessage, failureTitle } from '../../api/client';
import { revokeCertificate } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { Banner, Button, Dialog, SelectField, TextAreaField } from '../../design';
import { formatUtc, groupHex } from '../../lib/format';

type Step = 'choose' | 'confirm';

/** Revoke with an RFC 5280 reason and a comment, confirmed by naming the certificate. */
export function RevokeDialog({ certificate }: { certificate: CertificateDetail }) {
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<Step>('choose');
  const [reason, setReason] = useState<number>(4);
  const [comment, setComment] = useState('');
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () =>
      revokeCertificate(
        certificate.id,
        RevokeRequestSchema.parse({ reason, comment: comment.trim() || undefined }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.certificates });
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
    },
  });
  const parsed = RevokeRequestSchema.safeParse({ reason, comment: comment.trim() || undefined });
  const commentProblem = parsed.success
    ? null
    : (parsed.error.issues.find((issue) => issue.path[0] === 'comment')?.message ?? null);
  const reasonLabel =
    REVOCATION_REASON_CHOICES.find((choice) => choice.code === reason)?.label ?? String(reason);
  const name = certificate.commonName ?? `certificate #${certificate.id}`;

  const reset = () => {
    setStep('choose');
    setReason(4);
    setComment('');
    revoke.reset();
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    if (parsed.success) setStep('confirm');
  };

  const result: RevokeResult | undefined = revoke.data;
  // Once revoked there is nothing to revoke, but an open dialog stays to show the result.
  if (certificate.state === 'revoked' && !open) return null;
  return (
    <Dialog
      open={open}
      onOpenChange={(value) => {
        setOpen(value);
        if (!value) reset();
      }}
      trigger={
        <Button variant="danger" icon={<Ban size={16} aria-hidden="true" />}>
          Revoke
        </Button>
      }
      title={`Revoke ${name}`}
      description="A revoked certificate goes on its CA’s CRL and cannot be used again (except from hold)."
    >
      {result ? (
        <div className="stack">
          <Banner
            tone={result.revoked ? 'success' : 'info'}
            title={result.revoked ? 'Revoked' : 'Already revoked'}
            takeFocus
          >
            {result.revoked
              ? `Certificate #${result.certificateId} is revoked (${result.revocation.reason}) as of ${formatUtc(result.revocation.at)}. Its CA’s CRL lists it from the next fetch.`
              : `Certificate #${result.certificateId} was revoked already (${result.revocation.reason}, ${formatUtc(result.revocation.at)}); nothing changed.`}
          </Banner>
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <Button onClick={() => setOpen(false)}>Close</Button>
          </div>
        </div>
      ) : step === 'choose' ? (
        <form className="stack" onSubmit={next} noValidate>
          <SelectField
            label="Reason"
            value={reason}
            onChange={(event) => setReason(Number(event.target.value))}
            hint="The RFC 5280 reason written on the CRL."
          >
            {REVOCATION_REASON_CHOICES.map((choice) => (
              <option key={choice.code} value={choice.code}>
                {choice.label} ({choice.code})
              </option>
            ))}
          </SelectField>
          <TextAreaField
            label="Comment"
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            hint="Kept in the audit trail."
            error={commentProblem}
            rows={3}
          />
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="danger" disabled={!parsed.success}>
              Continue
            </Button>
          </div>
        </form>
      ) : (
        <div className="stack">
          <Banner tone="warning" title="This cannot be undone">
            Revoke <strong>{name}</strong> (#{certificate.id}, serial {certificate.serialNumber},
            thumbprint <span className="mono">{groupHex(certificate.thumbprint)}</span>) for “
            {reasonLabel}”?
            {certificate.locationCount > 0 &&
              ` It is still in ${certificate.locationCount} store${certificate.locationCount === 1 ? '' : 's'}.`}
          </Banner>
          {revoke.isError && (
            <Banner tone="danger" title={failureTitle(revoke.error, 'The server refused')}>
              {errorMessage(revoke.error)}
            </Banner>
          )}
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <Button onClick={() => setStep('choose')} disabled={revoke.isPending}>
              Back
            </Button>
            <Button variant="danger" busy={revoke.isPending} onClick={() => revoke.mutate()}>
              Revoke {name}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
