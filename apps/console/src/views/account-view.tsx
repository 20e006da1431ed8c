export function AccountView({ params }: { params: Record<string, string> }) {
  return <h1>Account {params['account']}</h1>;
}
