export function StorePage() {
  return <p>StorePage</p>;
}
