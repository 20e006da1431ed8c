import type { DunningChannel, DunningStepName, DunningStepTaken } from '@billing/contracts';
import type { CollectionCaseState } from '../collection-case/collection-case.state';

export interface AccountContact {
  name: string;
  email?: string;
  postalAddress?: string;
  /** How to pay, as the customer should read it. */
  howToPay: { bankAccount?: string; paymentReference?: string; payUrl?: string };
  collectionsPhone?: string;
}

/** What the notification port sends (email, letter) or opens (a call task, an agency file). */
export interface DunningNotification {
  invoiceId: string;
  step: DunningStepName;
  channels: DunningChannel[];
  recipient: { name: string; email?: string; postalAddress?: string };
  subject: string;
  body: string;
}

const subjects: Record<DunningStepName, string> = {
  first_reminder: 'Payment reminder',
  second_reminder: 'Second payment reminder',
  collections_call: 'Call the customer about an overdue invoice',
  final_notice: 'Final notice before referral to a collection agency',
  agency_referral: 'Overdue invoice referred to a collection agency',
};

const openings: Record<DunningStepName, string> = {
  first_reminder:
    'Our records show that the invoice below is past its due date. Perhaps it slipped through:',
  second_reminder:
    'We have not yet received payment for the invoice below, despite our earlier reminder:',
  collections_call:
    'Please call the customer about the overdue invoice below and record the outcome:',
  final_notice:
    'This is our final notice. Unless the invoice below is paid within 14 days, we will refer it to a collection agency:',
  agency_referral:
    'As the invoice below remains unpaid after our final notice, it has been referred to a collection agency:',
};

/**
 * The message for a dunning step: invoice number, the amount concerned (open minus disputed and
 * planned parts), the due date, days overdue and how to pay. Pure; the port sends it.
 */
export function notificationFor(
  step: DunningStepTaken,
  collectionCase: CollectionCaseState,
  account: AccountContact,
): DunningNotification {
  const amount = formatAmount(step.amountConcerned, step.currency);
  const lines = [
    `Dear ${account.name},`,
    '',
    openings[step.step],
    '',
    `  Invoice:      ${step.invoiceNumber}`,
    `  Amount due:   ${amount}`,
    `  Due date:     ${step.dueDate} (${step.daysOverdue} days overdue)`,
  ];
  if (Object.keys(collectionCase.holds).length > 0) {
    lines.push('', 'Amounts under dispute are excluded until the dispute is resolved.');
  }
  lines.push('', ...howToPayLines(account, step.invoiceNumber));
  if (account.collectionsPhone) {
    lines.push(
      '',
      `If you have already paid, or cannot pay in full, call us on ${account.collectionsPhone}: we can agree a payment plan.`,
    );
  }
  return {
    invoiceId: step.invoiceId,
    step: step.step,
    channels: [...step.channels],
    recipient: {
      name: account.name,
      ...(account.email ? { email: account.email } : {}),
      ...(account.postalAddress ? { postalAddress: account.postalAddress } : {}),
    },
    subject: `${subjects[step.step]}: invoice ${step.invoiceNumber}, ${amount}`,
    body: lines.join('\n'),
  };
}

function howToPayLines(account: AccountContact, invoiceNumber: string): string[] {
  const lines = ['How to pay:'];
  if (account.howToPay.payUrl) lines.push(`  Online: ${account.howToPay.payUrl}`);
  if (account.howToPay.bankAccount)
    lines.push(`  Bank transfer to ${account.howToPay.bankAccount}`);
  lines.push(`  Reference: ${account.howToPay.paymentReference ?? invoiceNumber}`);
  return lines;
}

/** "1000.00", "USD" -> "USD 1,000.00", grouping on the decimal string (no float on the way). */
export function formatAmount(amount: string, currency: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${negative ? '-' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}
