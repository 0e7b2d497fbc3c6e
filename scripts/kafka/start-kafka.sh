#!/usr/bin/env bash
# Start one single-node Kafka (KRaft, process.roles=broker,controller) on 127.0.0.1 from Apache Kafka's
# jars on Maven Central: no Docker, no tarball. For integration tests and local development.
#
#   npm run kafka:start          # then: KAFKA_BROKERS=127.0.0.1:19092
#   npm run kafka:stop
#
# Idempotent: if the broker this script started for this port is already running and answers a
# kafkajs Metadata request, it prints its status and exits 0 within about a second. Otherwise it
# fetches the jars (once; cached in scripts/kafka/target/lib), writes a fresh config and data dir,
# formats the KRaft storage, starts the broker, and waits until it serves requests.
#
# Jest's integration setup (test/setup/kafka-broker.ts) runs this when KAFKA_BROKERS is unset, and stops the
# broker after the run if that run started it; JOINERY_KEEP_KAFKA=1 keeps it for the next run.
#
# The last stdout line is machine-readable, for test/setup/kafka-broker.ts:
#   kafka-status: started 127.0.0.1:19092    |    kafka-status: already-running 127.0.0.1:19092
#
# Env knobs, besides those in common.sh (KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_WORK, KAFKA_LIB):
#   KAFKA_HEAP_OPTS        default "-Xms512m -Xmx512m"
#   KAFKA_START_TIMEOUT_S  default 90: budget for "Kafka Server started" after the JVM is launched
#   KAFKA_CLUSTER_ID       default a fixed id (the data dir is recreated on each start, so it never clashes)
#   KAFKA_TOPICS           optional comma list of topics to pre-create (1 partition) once ready
#   KAFKA_KEEP_DATA        1: restart on the data dir a previous start left (stopped with the same
#                          knob), topics, messages and committed offsets included; for the fault
#                          drills (test/drills), which restart a broker of their own mid-stream
#   JAVA_HOME              optional; else `java` from PATH (Java 17+)
#
# Derived from /work/shared/reference/kafka-from-maven.md (never run before this script). What changed
# after running it, and why:
#   - Idempotency: the recipe always ran `rm -rf $KAFKA_WORK` first, which deletes the data dir under a
#     running broker and then fails to bind the port. Now a healthy broker of ours is reused, an unhealthy
#     one is stopped (by PID) and replaced, and a port held by anything else is an error.
#   - Locking (flock) so concurrent starts cannot both format and launch; the broker gets the lock fd closed.
#   - The broker runs under setsid (its own session): a Ctrl-C in the terminal or a Jest worker's process
#     group being killed no longer takes the shared broker down with it.
#   - The PID written is checked to be the java process, and stop checks the command line before it
#     signals (a reused PID is never killed).
#   - The jar cache is keyed by the pom's checksum, so bumping kafka.version refetches instead of mixing jars.
#   - Maven's output goes to target/mvn.log (with -q it still printed stray ANSI resets) and is shown on failure.
#   - Dropped -Dkafka.logs.dir: nothing in our log4j.properties references it.
#   - Readiness also waits for a group coordinator (kafka-wait.cjs), and runs register leases (common.sh)
#     so one test run's teardown does not stop a broker that another run is still using.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KAFKA_CLUSTER_ID="${KAFKA_CLUSTER_ID:-4L6g3nShT-eMCtK--X86sw}" # apache/kafka's docker example id; any Kafka Uuid works
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m}"
KAFKA_START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-90}"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT" # never "localhost": Node >= 17 may resolve it to ::1, and we listen on IPv4 only
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { echo "[kafka:start +${SECONDS}s] $*"; }
die() {
  echo "[kafka:start] ERROR: $*" >&2
  exit 1
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

kafka_lock

# 0) Already running? Reuse it if healthy; replace it if it is ours but not answering.
if [ -f "$KAFKA_PIDFILE" ]; then
  pid="$(cat "$KAFKA_PIDFILE")"
  if kafka_owns_pid "$pid"; then
    if KAFKA_WAIT_TIMEOUT_MS=15000 node "$KAFKA_HERE/kafka-wait.cjs" "$BOOTSTRAP" "${KAFKA_TOPICS:-}" >/dev/null; then
      kafka_take_lease
      say "already running on $BOOTSTRAP (pid $pid, work dir $KAFKA_WORK)"
      echo "kafka-status: already-running $BOOTSTRAP"
      exit 0
    fi
    say "broker pid $pid is running but not answering on $BOOTSTRAP; restarting it"
    kafka_stop_pid "$pid" || die "could not stop unhealthy broker pid $pid"
  fi
fi
for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
  if port_in_use "$port"; then
    die "127.0.0.1:$port is in use by a process this script did not start. Stop it, pick other ports" \
      "(KAFKA_PORT / KAFKA_CONTROLLER_PORT), or point the tests at that broker with KAFKA_BROKERS."
  fi
done
command -v "$JAVA" >/dev/null 2>&1 || die "java not found (need Java 17+ on PATH or JAVA_HOME)"

# 1) Jars from Maven Central, once. The marker holds the pom's checksum: a changed pom means a refetch.
#    The jar cache is shared by all ports, so it has its own lock (fd 8, closed again right after).
pom_sum="$(cksum <"$KAFKA_HERE/pom.xml")"
mkdir -p "$(dirname "$KAFKA_LIB")"
exec 8>"$KAFKA_LIB.lock"
if command -v flock >/dev/null 2>&1; then flock -w 600 8 || die "timed out waiting for $KAFKA_LIB.lock"; fi
if [ "$(cat "$KAFKA_LIB/.complete" 2>/dev/null || true)" != "$pom_sum" ]; then
  command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed once to fetch Kafka's jars"
  say "fetching Kafka jars from Maven Central into $KAFKA_LIB"
  rm -rf "$KAFKA_LIB"
  mvn_log="$(dirname "$KAFKA_LIB")/mvn.log"
  if ! mvn -B -ntp -q -Dstyle.color=never -f "$KAFKA_HERE/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB" >"$mvn_log" 2>&1; then
    tail -n 50 "$mvn_log" >&2
    die "mvn dependency:copy-dependencies failed (full log: $mvn_log)"
  fi
  echo "$pom_sum" >"$KAFKA_LIB/.complete"
  say "fetched $(find "$KAFKA_LIB" -name '*.jar' | wc -l | tr -d ' ') jars"
fi
exec 8>&-
# Sanity: the core jars are there and there is exactly one SLF4J binding (reload4j). Kafka's POM ships
# no binding; without one nothing is logged and the readiness line below never appears.
for j in kafka_2.13- kafka-clients- kafka-server- kafka-metadata- kafka-raft- kafka-storage- \
  scala-library-2.13 jackson-module-scala_2.13- argparse4j- slf4j-api-1.7 slf4j-reload4j- reload4j-; do
  compgen -G "$KAFKA_LIB/${j}*" >/dev/null || die "missing jar ${j}* in $KAFKA_LIB (delete it to refetch)"
done
for j in logback-classic slf4j-log4j12 log4j-slf4j slf4j-simple; do
  if compgen -G "$KAFKA_LIB/${j}*" >/dev/null; then die "conflicting SLF4J binding ${j}* in $KAFKA_LIB"; fi
done

# 2) Fresh work dir and config. Never reuse a data dir: tests want an empty broker, and a dir formatted
#    with another cluster id refuses to start ("Invalid cluster.id"). KAFKA_KEEP_DATA=1 reuses both.
if [ "${KAFKA_KEEP_DATA:-}" = 1 ] && [ -f "$KAFKA_WORK/server.properties" ] && [ -f "$KAFKA_WORK/data/meta.properties" ]; then
  say "KAFKA_KEEP_DATA=1: restarting on the data in $KAFKA_WORK/data"
  keep_data=1
else
  keep_data=0
  rm -rf "$KAFKA_WORK"
fi
mkdir -p "$KAFKA_WORK/data" "$KAFKA_WORK/logs"
[ "$keep_data" = 1 ] || cat >"$KAFKA_WORK/server.properties" <<EOF
# Written by scripts/kafka/start-kafka.sh; recreated on every fresh start.
process.roles=broker,controller
node.id=1
# Static voters, so format needs no --standalone (which 4.1+ rejects together with static voters).
controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}
# Clients reconnect to the advertised address after bootstrap, so it must be the same 127.0.0.1.
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${KAFKA_WORK}/data

auto.create.topics.enable=true
delete.topic.enable=true
num.partitions=1
default.replication.factor=1
# Internal topics default to RF 3, which one broker cannot satisfy: __consumer_offsets would never be
# created and every consumer group would loop on GROUP_COORDINATOR_NOT_AVAILABLE.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
# A new consumer group starts consuming at once instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0

# Small-machine tuning (2 cores, 512 MiB heap). The log cleaner allocates its dedupe buffer on the heap
# (128 MiB by default); 2 MiB is what Kafka's own test harness uses.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=2097152
EOF

CP="$KAFKA_LIB/*" # keep quoted everywhere: the JVM expands the wildcard itself

# 3) Format the KRaft storage (writes meta.properties and the bootstrap metadata checkpoint).
say "formatting $KAFKA_WORK/data"
"$JAVA" -Xmx256m -Dlog4j.configuration="file:$KAFKA_HERE/tools-log4j.properties" -cp "$CP" \
  kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$KAFKA_WORK/server.properties" --ignore-formatted

# 4) Launch the broker. JVM flags are bin/kafka-run-class.sh's defaults with a smaller heap.
#    setsid (if present) puts it in its own session so terminal/Jest signals do not reach it; nohup covers
#    systems without setsid. 9>&- closes the lock fd so the broker does not hold the lock for its lifetime.
launcher=(nohup)
if command -v setsid >/dev/null 2>&1; then launcher=(nohup setsid); fi
say "starting broker on $BOOTSTRAP (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
# shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
"${launcher[@]}" "$JAVA" $KAFKA_HEAP_OPTS -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
  -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 \
  -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
  -Dlog4j.configuration="file:$KAFKA_HERE/log4j.properties" \
  -cp "$CP" kafka.Kafka "$KAFKA_WORK/server.properties" \
  >"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
pid=$!
echo "$pid" >"$KAFKA_PIDFILE"

# 5) Ready = the broker logged "Kafka Server started" (it is unfenced and processing requests; the port
#    alone opens earlier), then a real kafkajs Metadata round trip succeeds.
deadline=$((SECONDS + KAFKA_START_TIMEOUT_S))
until grep -q "Kafka Server started" "$KAFKA_LOG"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    tail -n 100 "$KAFKA_LOG" >&2
    rm -f "$KAFKA_PIDFILE"
    die "Kafka exited during startup (log: $KAFKA_LOG)"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 100 "$KAFKA_LOG" >&2
    kafka_stop_pid "$pid" || true
    rm -f "$KAFKA_PIDFILE"
    die "Kafka not started after ${KAFKA_START_TIMEOUT_S}s (log: $KAFKA_LOG)"
  fi
  sleep 0.2
done
kafka_owns_pid "$pid" || die "pid $pid is not the broker (launcher did not exec java?); see $KAFKA_LOG"
say "broker logged 'Kafka Server started'"
if ! KAFKA_WAIT_TIMEOUT_MS=30000 node "$KAFKA_HERE/kafka-wait.cjs" "$BOOTSTRAP" "${KAFKA_TOPICS:-}"; then
  kafka_stop_pid "$pid" || true
  rm -f "$KAFKA_PIDFILE"
  die "broker logged start but did not answer a kafkajs Metadata request (log: $KAFKA_LOG)"
fi
kafka_take_lease
say "ready on $BOOTSTRAP (pid $pid, work dir $KAFKA_WORK, log $KAFKA_LOG)"
echo "kafka-status: started $BOOTSTRAP"
