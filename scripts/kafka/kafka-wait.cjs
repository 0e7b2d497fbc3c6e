'use strict';
// Readiness probe for a Kafka broker, with the same client the service uses (kafkajs).
//
//   node scripts/kafka/kafka-wait.cjs 127.0.0.1:19092[,host:port...] [topicA,topicB]
//
// "Ready" means an ApiVersions handshake and a Metadata request (admin.describeCluster) both succeed,
// the cluster reports at least one broker, and a group coordinator answers. An open port is not enough:
// a KRaft broker binds its socket before it is unfenced and starts processing requests. If topics are given they are created
// (1 partition, RF 1, waiting for leaders); a kafkajs consumer that subscribes to a topic that does not
// exist yet fails under KRaft even with auto-create on.
//
// Env: KAFKA_WAIT_TIMEOUT_MS (default 60000). Exit code 0 when ready, 1 otherwise (reason on stderr).
// Plain CommonJS so it runs with bare `node`, without a build; kafkajs resolves from the repo's node_modules.
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.argv[2] || '127.0.0.1:19092')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const topics = (process.argv[3] || '')
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean);
const timeoutMs = Number(process.env.KAFKA_WAIT_TIMEOUT_MS || 60000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const kafka = new Kafka({
    clientId: 'joinery-kafka-wait',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    // This loop is the retry policy; kafkajs' own backoff would only hide how long each attempt took.
    retry: { retries: 0 },
  });
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    const admin = kafka.admin();
    try {
      await admin.connect(); // ApiVersions
      const cluster = await admin.describeCluster(); // Metadata
      if (cluster.brokers.length > 0) {
        // FindCoordinator: on a fresh broker this makes it create __consumer_offsets and fails until that
        // topic has a leader. Waiting here means the first consumer group in a test joins at once, and a
        // broker that can never host groups (internal topics left at RF 3) fails here, by name.
        await admin.describeGroups(['joinery-kafka-wait']);
        if (topics.length > 0) {
          // Resolves false (no throw) when the topics already exist.
          await admin.createTopics({
            waitForLeaders: true,
            topics: topics.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
          });
        }
        console.log(`kafka ready: ${JSON.stringify(cluster)}`);
        return;
      }
      lastError = 'Metadata returned no brokers';
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(500);
  }
  throw new Error(`Kafka at ${brokers.join(',')} not ready after ${timeoutMs} ms: ${lastError}`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
