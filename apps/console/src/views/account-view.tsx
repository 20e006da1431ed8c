import { useState } from 'preact/hooks';
import { coordinatorApi } from '../api/coordinator';
import { hrefOf } from '../lib/route';
import { useLoad } from '../lib/use-load';
import { AccountPicker } from './account-picker';
import { BillingDetails, CollectionState, Disputes, Invoices, Payments } from './account-sections';
import { PaymentForm } from './payment-form';
import { Section } from './section';

/**
 * A coordinator's account page: billing details and their verification, invoices, payments and
 * unapplied credit, disputes, the collection state and what the system will do next; and a
 * payment posted with a preview of how it is applied.
 */
export function AccountView({ params }: { params: Record<string, string> }) {
  const account = params['account'];
  if (!account) return <AccountPicker view="account" title="Open an account" />;
  return <AccountPage account={account} />;
}

function AccountPage({ account }: { account: string }) {
  // Bumped after a command, so every section reads the services again.
  const [version, setVersion] = useState(0);
  const keep = { keep: true };
  const details = useLoad(() => coordinatorApi.billingAccount(account), [account, version], keep);
  const invoices = useLoad(() => coordinatorApi.invoices(account), [account, version], keep);
  const payments = useLoad(() => coordinatorApi.payments(account), [account, version], keep);
  const collections = useLoad(() => coordinatorApi.collections(account), [account, version], keep);
  const disputes = useLoad(() => coordinatorApi.disputes(account), [account, version], keep);
  const name = details.state === 'ready' ? details.value.legalName : account;
  return (
    <>
      <h1>{name}</h1>
      <p>
        <a href={hrefOf('audit', { account })}>See this account as of any moment (audit)</a>{' '}
        <a href={hrefOf('statement', { account })}>Statement (print or PDF)</a>{' '}
        <button type="button" onClick={() => setVersion(version + 1)}>
          Refresh
        </button>
      </p>
      <Section title="Billing details" id="details" loaded={details}>
        {(d) => <BillingDetails account={d} />}
      </Section>
      <Section title="Invoices" id="invoices" loaded={invoices}>
        {(i) => <Invoices account={account} invoices={i.invoices} />}
      </Section>
      <Section title="Payments and unapplied credit" id="payments" loaded={payments}>
        {(p) => <Payments payments={p.payments} />}
      </Section>
      <Section title="Collection state and what happens next" id="collections" loaded={collections}>
        {(c) => <CollectionState status={c} />}
      </Section>
      <Section title="Open disputes" id="disputes" loaded={disputes}>
        {(d) => (
          <Disputes
            disputes={d}
            invoices={invoices.state === 'ready' ? invoices.value.invoices : []}
          />
        )}
      </Section>
      <Section title="Post a payment" id="post-payment" loaded={payments}>
        {(p) => (
          <PaymentForm
            account={account}
            currency={details.state === 'ready' ? details.value.currency : 'USD'}
            openInvoices={p.openInvoices}
            onPosted={() => setVersion(version + 1)}
          />
        )}
      </Section>
    </>
  );
}
