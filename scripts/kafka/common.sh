# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts that source it
# Shared by start-kafka.sh and stop-kafka.sh (sourced, not run): settings and the few helpers both need,
# so that "is this our broker?" and "stop it" have exactly one definition.
#
# Env knobs (all optional):
#   KAFKA_PORT             client listener on 127.0.0.1          (default 19092; not 9092, to avoid a stray local Kafka)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener on 127.0.0.1 (default 19093)
#   KAFKA_WORK             work dir: config, data, logs, PID file (default ${TMPDIR:-/tmp}/joinery-kafka-$KAFKA_PORT)
#   KAFKA_LIB              jar cache                              (default scripts/kafka/target/lib, git-ignored)
#   KAFKA_LEASE_PID        set by test/setup/kafka-broker.ts to the Jest process id: see "Leases" below

KAFKA_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
# Keyed by port, so two checkouts or CI jobs on different ports never share a data dir or PID file.
KAFKA_WORK="${KAFKA_WORK:-${TMPDIR:-/tmp}/joinery-kafka-$KAFKA_PORT}"
KAFKA_LIB="${KAFKA_LIB:-$KAFKA_HERE/target/lib}"
KAFKA_PIDFILE="$KAFKA_WORK/kafka.pid"
KAFKA_LOG="$KAFKA_WORK/logs/kafka.out"
KAFKA_LEASES="$KAFKA_WORK/leases"

# True when $1 is a live process running *this* work dir's broker. Checking the command line (not just
# `kill -0`) means a stale PID file whose PID the OS has since reused is never mistaken for the broker,
# so stop never signals an unrelated process.
kafka_owns_pid() {
  [ -n "${1:-}" ] && ps -ww -o args= -p "$1" 2>/dev/null | grep -qF -- "kafka.Kafka $KAFKA_WORK/server.properties"
}

# Serialise start and stop for one work dir (two Jest runs starting at once must not both format and
# launch). The lock file sits beside the work dir because the work dir itself is deleted and recreated.
# fd 9 stays open until the calling script exits; the broker must not inherit it (start closes it with 9>&-),
# or the lock would be held for the broker's whole life. flock is util-linux: without it (macOS) we go
# unlocked rather than fail.
kafka_lock() {
  mkdir -p "$(dirname "$KAFKA_WORK")"
  exec 9>"$KAFKA_WORK.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 600 9 || {
      echo "timed out waiting for $KAFKA_WORK.lock (another start/stop still running?)" >&2
      exit 1
    }
  fi
}

# SIGTERM runs Kafka's shutdown hook (controlled shutdown, clean log close); SIGKILL only if that hangs.
kafka_stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 120; i++)); do # up to 30 s
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  echo "Kafka (pid $pid) ignored SIGTERM for 30 s; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  echo "Kafka (pid $pid) still alive after SIGKILL" >&2
  return 1
}

# Leases: several Jest runs (two terminals, or colleagues on one machine) can share one broker. Each run
# that passes KAFKA_LEASE_PID holds a lease (an empty file named after its pid) while it runs; a stop that
# carries a lease releases it and stops the broker only when no other live process holds one. Leases of
# dead processes are ignored, so a crashed run never pins the broker. Called with the lock held.
kafka_take_lease() {
  if [ -n "${KAFKA_LEASE_PID:-}" ]; then
    mkdir -p "$KAFKA_LEASES"
    : >"$KAFKA_LEASES/$KAFKA_LEASE_PID"
  fi
}

# Prints the pids of other live lease holders (none: empty output) after dropping our own and dead ones.
kafka_other_leases() {
  local f pid
  rm -f "$KAFKA_LEASES/${KAFKA_LEASE_PID:?}"
  for f in "$KAFKA_LEASES"/*; do
    [ -e "$f" ] || continue
    pid="$(basename "$f")"
    if kill -0 "$pid" 2>/dev/null; then echo "$pid"; else rm -f "$f"; fi
  done
}
