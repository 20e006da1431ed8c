// Waits until a freshly started broker serves consumer groups, not just its port: right after
// start-up the group coordinator answers "coordinator is loading" while it creates and loads
// __consumer_offsets, and a consumer that joins then can fail. Joins one throw-away group (bounded).
const { Kafka, logLevel } = require('kafkajs');

async function waitForKafkaGroups(brokers, timeoutMs = 90_000) {
  const kafka = new Kafka({
    clientId: 'readiness-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    const consumer = kafka.consumer({ groupId: 'billing.readiness-probe' });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [/^__never_matches__$/] });
      const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
      await consumer.run({ eachMessage: async () => undefined });
      await Promise.race([
        joined,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('no group join within 15 s')), 15_000),
        ),
      ]);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  }
  throw new Error(
    `Kafka at ${brokers} did not serve consumer groups within ${timeoutMs} ms: ${lastError && lastError.message}`,
  );
}

module.exports = { waitForKafkaGroups };

if (require.main === module) {
  waitForKafkaGroups(process.argv[2] || '127.0.0.1:9092').then(
    () => {
      process.stderr.write('[infra] Kafka serves consumer groups\n');
      // kafkajs can keep a timer or socket alive after disconnect (seen: the probe joined, said
      // so, and never exited, stalling `npm test` before the type check); the answer is known.
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`[infra] ${error.message}\n`);
      process.exit(1);
    },
  );
}
