-- What chargebacks took back from each payment. Filled by the payments projection, which is
-- renamed (payments.payments.v2) so it replays every payment and no row keeps an empty value.
ALTER TABLE payments_rm.payments ADD COLUMN charged_back text;
