import type { HttpRequest } from '../http.types';
import type { ProblemInit } from './problem.exception';
import { withNotFoundField } from './not-found-field';

const invoice = '6f1c1e8a-1d2b-4c3d-8e4f-5a6b7c8d9e0f';
const note = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const account = 'aa1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function request(path: string, params: Record<string, string>, body?: unknown): HttpRequest {
  return {
    method: 'POST',
    url: path,
    originalUrl: path,
    path,
    params,
    body,
    headers: {},
  } as HttpRequest;
}

const notFound = (code: string, detail: string, errors?: ProblemInit['errors']): ProblemInit => ({
  type: 'https://billing.example/problems/x',
  title: 'Not found',
  status: 404,
  code,
  detail,
  ...(errors ? { errors } : {}),
});

describe('a 404 names the field that holds the missing id', () => {
  it('names the path parameter under the segment of the missing thing', () => {
    const req = request(`/invoicing/invoices/${invoice}/credit-notes/${note}/approve`, {
      id: invoice,
      creditNoteId: note,
    });
    const byNote = withNotFoundField(notFound('CREDIT_NOTE_NOT_FOUND', 'No such credit note'), req);
    expect(byNote.errors?.map((e) => e.field)).toEqual(['creditNoteId']);
    const byInvoice = withNotFoundField(notFound('INVOICE_NOT_FOUND', 'No invoice'), req);
    expect(byInvoice.errors?.map((e) => e.field)).toEqual(['id']);
  });

  it('names the body field whose id the detail quotes', () => {
    const req = request(
      `/payments/payments/${account}/allocations`,
      { id: account },
      {
        instructions: [{ invoiceId: note }, { invoiceId: invoice }],
      },
    );
    const problem = withNotFoundField(
      notFound('INVOICE_NOT_FOUND', `Invoice ${invoice} does not exist`),
      req,
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(['instructions[1].invoiceId']);
  });

  it("replaces a loader's own name with the one the client used", () => {
    const req = request(`/invoicing/billing-accounts/${account}/close`, { id: account });
    const problem = withNotFoundField(
      notFound('ACCOUNT_NOT_FOUND', 'The billing account does not exist', [
        { field: 'billingAccountId', reason: 'does not exist' },
      ]),
      req,
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(['id']);
  });

  it('keeps a field the request holds, and leaves other statuses alone', () => {
    const req = request('/invoicing/invoices', {}, { billingAccountId: account });
    const named = notFound('ACCOUNT_NOT_FOUND', 'x', [{ field: 'billingAccountId', reason: 'r' }]);
    expect(withNotFoundField(named, req)).toBe(named);
    const conflict = { ...notFound('X', 'y'), status: 409 };
    expect(withNotFoundField(conflict, req)).toBe(conflict);
  });
});
