#!/usr/bin/env bash
# Stop the broker that start-kafka.sh started for this port, and delete its work dir (kept with
# KAFKA_KEEP_DATA=1, for a restart on the same data: see start-kafka.sh).
#
#   npm run kafka:stop            (same KAFKA_PORT / KAFKA_WORK as the start, if you changed them)
#
# Stops by PID file only, and only after checking that the PID's command line is this work dir's
# kafka.Kafka: never by process name (no pkill/killall), so other Kafka or Java processes on the
# machine are never touched. Exit 0 when nothing of ours is running.
# With KAFKA_LEASE_PID set (the Jest teardown does this) it only releases that lease while another live
# process still holds one (see common.sh); a plain `npm run kafka:stop` always stops.
# Recipe change: the recipe used `set -uo pipefail` and ended on `kill -0 ... && kill -KILL`, whose
# status became the script's exit code (1 whenever the broker had stopped cleanly).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

kafka_lock

if [ ! -f "$KAFKA_PIDFILE" ]; then
  echo "[kafka:stop] no PID file at $KAFKA_PIDFILE: nothing to stop"
  rm -rf "$KAFKA_WORK"
  exit 0
fi
pid="$(cat "$KAFKA_PIDFILE")"
others=""
if [ -n "${KAFKA_LEASE_PID:-}" ]; then others="$(kafka_other_leases | tr '\n' ' ')"; fi
if [ -n "$others" ] && kafka_owns_pid "$pid"; then
  echo "[kafka:stop] leaving Kafka pid $pid running: still in use by process(es) $others"
  exit 0
fi
if kafka_owns_pid "$pid"; then
  echo "[kafka:stop] stopping Kafka pid $pid (127.0.0.1:$KAFKA_PORT)"
  kafka_stop_pid "$pid"
  echo "[kafka:stop] stopped after ${SECONDS}s"
else
  echo "[kafka:stop] stale PID file (pid $pid is not our broker): cleaning up"
fi
if [ "${KAFKA_KEEP_DATA:-}" = 1 ]; then
  rm -f "$KAFKA_PIDFILE"
  echo "[kafka:stop] KAFKA_KEEP_DATA=1: keeping $KAFKA_WORK"
  exit 0
fi
rm -rf "$KAFKA_WORK"
