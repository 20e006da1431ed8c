export * from './allocation/allocate-oldest-due-first';
export * from './payment/payment.commands';
export * from './payment/payment.state';
export * from './payment/payment.decider';
export * from './payment-reference/payment-reference.decider';
export * from './payment/chargeback';
export * from './payment/record-payment';
