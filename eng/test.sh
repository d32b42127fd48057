#!/usr/bin/env bash
# The test command (README): installs what is missing, starts throwaway PostgreSQL+PostGIS and
# RabbitMQ, builds, runs every test project against them, stops them, and prints
# `N passed, N failed` as its last line. Exits non-zero on any failure.
#
#   bash eng/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Offers]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

step() { echo "==> $*"; }
# Free = nothing listens on it and no connection uses it as its local port (RabbitMQ's Erlang
# distribution port must be bindable, not merely closed).
port_free() {
  if command -v ss >/dev/null; then [[ -z $(ss -Htan "( sport = :$1 )" 2>/dev/null) ]]
  else ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; fi
}

if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
step "Checking PostgreSQL 15 + PostGIS and RabbitMQ packages"
bash eng/infra.sh install || exit 1

# Ports: the defaults (below the kernel's ephemeral range, so no outgoing connection holds them)
# unless something (a developer's own test servers) does; the servers are started again on the
# next free set if they fail to start.
offsets=()
for offset in 0 10 20 30 40 50 60 70 80 90; do
  if port_free $((25432 + offset)) && port_free $((25672 + offset)) && port_free $((25673 + offset)) && port_free $((25674 + offset)) && port_free $((25369 + offset)); then
    offsets+=("$offset")
  fi
done
[[ ${#offsets[@]} -gt 0 ]] || offsets=(0)
pg=$((25432 + offsets[0])); amqp=$((25672 + offsets[0]))

work=$(mktemp -d /tmp/closient-test-XXXXXX)
chmod 755 "$work"
stopped=0
infra="$work/infra"
stop_infra() { if [[ $stopped -eq 0 ]]; then stopped=1; bash eng/infra.sh stop "$infra" 2>/dev/null; fi; }
trap stop_infra EXIT

step "Starting PostgreSQL on $pg and RabbitMQ on $amqp (data in $infra), while building"
bash eng/infra.sh start "$infra" "$pg" "$amqp" > "$work/env" 2> "$work/infra.log" &
infra_pid=$!

step "Building Closient.sln"
if ! dotnet build Closient.sln -c Debug -nologo -v quiet -clp:ErrorsOnly; then
  wait $infra_pid
  stop_infra
  echo "0 passed, 1 failed"
  exit 1
fi

if ! wait $infra_pid; then
  started=0
  for offset in "${offsets[@]:1:2}"; do
    bash eng/infra.sh stop "$infra" 2>/dev/null
    pg=$((25432 + offset)); amqp=$((25672 + offset)); infra="$work/infra-$offset"
    step "The servers did not start; again on PostgreSQL $pg and RabbitMQ $amqp"
    if bash eng/infra.sh start "$infra" "$pg" "$amqp" > "$work/env" 2> "$work/infra.log"; then started=1; break; fi
  done
  if [[ $started -eq 0 ]]; then
    cat "$work/infra.log" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
# shellcheck disable=SC1091
source "$work/env"

step "Running tests"
dotnet test Closient.sln --no-build -c Debug -nologo --logger "trx" --logger "console;verbosity=minimal" --results-directory "$work/results" "$@"
status=$?

stop_infra
passed=0; failed=0
for trx in "$work"/results/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A crashed test host leaves no failed test behind: still count the run as failed.
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $status -eq 0 ]]
