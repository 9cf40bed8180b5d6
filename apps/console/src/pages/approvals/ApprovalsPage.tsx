export function ApprovalsPage() {
  return <p>ApprovalsPage</p>;
}
