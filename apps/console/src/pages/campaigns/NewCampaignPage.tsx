export function NewCampaignPage() {
  return <p>NewCampaignPage</p>;
}
