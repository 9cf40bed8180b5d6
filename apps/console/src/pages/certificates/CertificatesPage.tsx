export function CertificatesPage() {
  return <p>CertificatesPage</p>;
}
