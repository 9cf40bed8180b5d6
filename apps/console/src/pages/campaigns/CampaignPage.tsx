export function CampaignPage() {
  return <p>CampaignPage</p>;
}
