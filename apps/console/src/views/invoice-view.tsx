export function InvoiceView({ params }: { params: Record<string, string> }) {
  return <h1>Invoice {params['id']}</h1>;
}
