export function CampaignsPage() {
  return <p>CampaignsPage</p>;
}
