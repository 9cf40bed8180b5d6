export function AlertsPage() {
  return <p>AlertsPage</p>;
}
