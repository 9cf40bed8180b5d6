export function ClockPage() {
  return <p>ClockPage</p>;
}
