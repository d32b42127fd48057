#!/usr/bin/env bash
# Throwaway PostgreSQL 15 + PostGIS and RabbitMQ for tests and CI, as local server processes.
#
#   eng/infra.sh install                 install the OS packages when missing (root: apt-get; else prints the command)
#   eng/infra.sh start <dir> [pg_port] [amqp_port]
#                                        start both with data under <dir>; prints `export` lines for the test fixture
#   eng/infra.sh stop <dir>              stop both (broker before epmd), remove nothing
#
# Defaults: PostgreSQL 25432, AMQP 25672 (management API on amqp+1, Erlang distribution on amqp+2,
# epmd on amqp-303). Below the kernel's ephemeral range (32768-60999), so no outgoing connection can hold one
# of them when the servers bind. The PostgreSQL cluster is tuned for tests (no fsync), never for data you keep.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
RABBIT_BIN=/usr/lib/rabbitmq/bin
PACKAGES="postgresql-15-postgis-3 rabbitmq-server"

log() { echo "[infra] $*" >&2; }

install() {
  if [[ -x $PG_BIN/postgres && -f /usr/share/postgresql/15/extension/postgis.control && -x $RABBIT_BIN/rabbitmq-server ]]; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "PostgreSQL 15 + PostGIS and RabbitMQ are missing. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y $PACKAGES" >&2
    exit 1
  fi
  log "installing $PACKAGES (apt-get)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >&2
  # The Debian package starts a system broker and cluster; this project runs its own.
  (service rabbitmq-server stop || true) >/dev/null 2>&1
}

as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

rabbit_env() {
  local dir=$1 amqp=$2
  export HOME=$dir/rabbitmq/home RABBITMQ_HOME=$dir/rabbitmq/home
  export RABBITMQ_NODENAME=closient-test-$amqp@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$amqp RABBITMQ_DIST_PORT=$((amqp + 2))
  export ERL_EPMD_PORT=$((amqp - 303))
  export RABBITMQ_MNESIA_BASE=$dir/rabbitmq/mnesia RABBITMQ_LOG_BASE=$dir/rabbitmq/log
  export RABBITMQ_CONFIG_FILE=$dir/rabbitmq/rabbitmq RABBITMQ_ENABLED_PLUGINS_FILE=$dir/rabbitmq/enabled_plugins
  export RABBITMQ_PID_FILE=$dir/rabbitmq/pid RABBITMQ_LOGS=$dir/rabbitmq/log/broker.log
}

start() {
  local dir=${1:?usage: infra.sh start <dir> [pg_port] [amqp_port]} pg=${2:-25432} amqp=${3:-25672}
  install
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  echo "$pg $amqp" > "$dir/ports"

  # PostgreSQL: initdb refuses root, so the cluster belongs to the postgres user.
  mkdir -p "$dir/pg/run"
  [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$dir/pg" && chmod 755 "$dir"
  if [[ ! -f $dir/pg/data/PG_VERSION ]]; then
    as_pg "$PG_BIN/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w -t 60 start \
    -o "-p $pg -k $dir/pg/run -c listen_addresses=127.0.0.1 -c max_connections=600 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" >/dev/null &
  local pg_pid=$!

  # RabbitMQ: the real server script (the /usr/sbin wrappers switch users and break the cookie).
  rabbit_env "$dir" "$amqp"
  mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  cat > "$dir/rabbitmq/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$amqp
management.tcp.port = $((amqp + 1))
management.tcp.ip = 127.0.0.1
loopback_users = none
log.console = false
log.file.level = warning
CONF
  echo "[rabbitmq_management]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  # Started in its own directory, so an Erlang crash dump lands there rather than in the caller's.
  (cd "$dir/rabbitmq" && exec nohup "$RABBIT_BIN/rabbitmq-server" >"$dir/rabbitmq/log/stdout" 2>&1) &
  echo $! > "$dir/rabbitmq/server.pid"

  wait $pg_pid || { log "PostgreSQL failed to start:"; tail -20 "$dir/pg/log" >&2; exit 1; }
  for _ in $(seq 1 120); do
    if curl -fsS -u guest:guest "http://127.0.0.1:$((amqp + 1))/api/overview" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  curl -fsS -u guest:guest "http://127.0.0.1:$((amqp + 1))/api/overview" >/dev/null || { log "RabbitMQ failed to start:"; tail -30 "$dir/rabbitmq/log/stdout" >&2; exit 1; }

  cat <<ENV
export CLOSIENT_TEST_POSTGRES='Host=127.0.0.1;Port=$pg;Username=postgres;Database=postgres'
export CLOSIENT_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:$amqp/'
export CLOSIENT_TEST_RABBITMQ_MANAGEMENT='http://guest:guest@127.0.0.1:$((amqp + 1))/'
ENV
  log "PostgreSQL on $pg, RabbitMQ on $amqp (management $((amqp + 1))), data in $dir"
}

stop() {
  local dir=${1:?usage: infra.sh stop <dir>}
  [[ -f $dir/ports ]] || return 0
  read -r pg amqp < "$dir/ports"
  rabbit_env "$dir" "$amqp"
  # Broker first, then epmd: killing epmd under a live node leaves it unable to stop cleanly.
  "$RABBIT_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1 || true
  if [[ -f $dir/rabbitmq/server.pid ]]; then
    local pid; pid=$(cat "$dir/rabbitmq/server.pid")
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill "$pid" 2>/dev/null || true
  fi
  epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
  as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  log "stopped"
}

case ${1:-} in
  install) install ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 install | start <dir> [pg_port] [amqp_port] | stop <dir>" >&2; exit 2 ;;
esac
