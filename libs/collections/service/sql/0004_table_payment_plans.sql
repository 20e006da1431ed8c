CREATE TABLE collections_rm.payment_plans (
  plan_id text PRIMARY KEY,
  billing_account_id text NOT NULL,
  status text NOT NULL,
  state jsonb NOT NULL,
  stream_version integer NOT NULL
);
CREATE INDEX payment_plans_active ON collections_rm.payment_plans (plan_id) WHERE status = 'active';
CREATE INDEX payment_plans_by_account ON collections_rm.payment_plans (billing_account_id);
