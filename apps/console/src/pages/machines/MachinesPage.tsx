export function MachinesPage() {
  return <p>MachinesPage</p>;
}
