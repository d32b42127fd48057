#!/usr/bin/env bash
# Gateway overhead benchmark: one GET straight to a service and the same GET through the gateway,
# alternating, with requests/s, p50/p99 and the gateway/direct ratio (target >= 0.60). docs/gateway.md.
#
#   eng/bench/run.sh [bench options]
#       GET /locations/api/v1/openapi.json on the locations service (127.0.0.1:5103) vs the gateway
#       (127.0.0.1:8080). If the gateway is not up, starts the system with the AppHost and stops it after.
#   eng/bench/run.sh --stub [bench options]
#       The gateway alone: a stub locations service (same service defaults and OpenAPI wiring, no
#       database) on 127.0.0.1:5193 and the gateway on 127.0.0.1:8093, both Release builds.
#   eng/bench/run.sh --direct URL --gateway URL [bench options]
#       Any two URLs; nothing is started.
#   eng/bench/run.sh --resolver [--products 100000] [--serials 1000000] [--pg-port 25532] [--amqp-port 25772] [resolver options]
#       GS1 Digital Link resolution (GET /01/{gtin}, 307 and JSON) through a Release gateway (:8094) in front of a
#       Release catalog (:5194), beside a plain Kestrel endpoint (:5195), on seeded data (COPY into the catalog
#       schema: products with rules, serial rules under one GTIN); then a GTIN with 0 vs all the serial rules.
#       Uses PostgreSQL/RabbitMQ on the given ports if they answer, else starts throwaway ones (eng/infra.sh) and
#       stops them after. Resolver options: --hot N --serial-set 10000 --prime 1 (docs/resolver-benchmark.md).
#   eng/bench/run.sh --search [--products 100000] [--stores 20000] [--offers 1000000] [--part all|load|lag|seed] [--pg-port 25532] [--amqp-port 25772]
#       Local and catalog search (p95 <= 50 ms through the gateway, rare vs common words, GTIN) and event-to-searchable
#       lag (OfferUpserted at --rate 500/s for --lag-seconds 20): a Release search service (:5196), a Release gateway (:8096)
#       and a stand-in accounts verify endpoint (:5197) on seeded data (COPY into the search schema); infra as for
#       --resolver. Bench options default to --concurrency 8 --seconds 10 --rounds 3 --warmup 3 (docs/search-benchmark.md).
#
# --path P replaces /locations/api/v1/openapi.json in the first two forms (the stub also serves the
# cheapest possible answer at /locations/api/v1/static). Bench options: --concurrency N (32)
# --seconds D (10) --rounds R (3) --warmup W (5).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
logs="$root/.closient/bench"
mkdir -p "$logs"

mode=system path=/locations/api/v1/openapi.json direct="" gateway="" bench_args=()
products=100000 serials=1000000 pg_port=25532 amqp_port=25772 stores=20000 offers=1000000 part=all
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stub) mode=stub; shift ;;
    --resolver) mode=resolver; shift ;;
    --search) mode=search; shift ;;
    --stores) stores="$2"; shift 2 ;;
    --offers) offers="$2"; shift 2 ;;
    --part) part="$2"; shift 2 ;;
    --products) products="$2"; shift 2 ;;
    --serials) serials="$2"; shift 2 ;;
    --pg-port) pg_port="$2"; shift 2 ;;
    --amqp-port) amqp_port="$2"; shift 2 ;;
    --path) path="$2"; shift 2 ;;
    --direct) direct="$2"; mode=urls; shift 2 ;;
    --gateway) gateway="$2"; mode=urls; shift 2 ;;
    *) bench_args+=("$1"); shift ;;
  esac
done

log() { echo "[bench] $*" >&2; }

started=()   # process-group leaders this script started (each runs under setsid)
infra_dir=""  # set when this script started PostgreSQL and RabbitMQ
stop_started() {
  local pid
  for pid in "${started[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${started[@]}"; do
    for _ in $(seq 1 60); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  if [[ -n $infra_dir ]]; then bash "$root/eng/infra.sh" stop "$infra_dir" >&2 || true; fi
}
trap stop_started EXIT

# Stops the process this script started last (and forgets it).
stop_started_last() {
  local pid=${started[-1]}
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  unset 'started[-1]'
}

# Starts "$@" in its own session (so stopping it stops its children too); logs to $logs/<name>.log.
start() {
  local name="$1"; shift
  setsid "$@" > "$logs/$name.log" 2>&1 < /dev/null &
  started+=("$!")
  log "started $name (pid $!, log $logs/$name.log)"
}

up() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

wait_for() {
  local url="$1" seconds="$2"
  for _ in $(seq 1 "$seconds"); do
    up "$url" && return 0
    sleep 1
  done
  log "no answer from $url after ${seconds}s; see $logs/"
  exit 1
}

log "building the benchmark (Release)"
dotnet build eng/bench/Closient.Bench/Closient.Bench.csproj -c Release -v q -nologo > "$logs/build.log" 2>&1 \
  || { cat "$logs/build.log" >&2; exit 1; }
bench="$root/eng/bench/Closient.Bench/bin/Release/net10.0/closient-bench.dll"

# The resolver and search modes: ports $4.. free, Release builds of services/Closient.$1 and the gateway, PostgreSQL and
# RabbitMQ up (started here if PostgreSQL does not answer), database closient_bench with the extensions $3; sets
# database, psql_admin, connection (search path $2,public) and signing.
bench_setup() {
  local project=$1 search_path=$2 extensions=$3; shift 3
  for p in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then log "127.0.0.1:$p is already in use"; exit 1; fi
  done
  log "building services/Closient.$project and the gateway (Release)"
  dotnet build "services/Closient.$project/Closient.$project.csproj" -c Release -v q -nologo > "$logs/build-${search_path}.log" 2>&1 \
    || { cat "$logs/build-${search_path}.log" >&2; exit 1; }
  dotnet build gateway/Closient.Gateway/Closient.Gateway.csproj -c Release -v q -nologo > "$logs/build-gateway.log" 2>&1 \
    || { cat "$logs/build-gateway.log" >&2; exit 1; }
  if /usr/lib/postgresql/15/bin/pg_isready -q -h 127.0.0.1 -p "$pg_port"; then
    log "using PostgreSQL on $pg_port and RabbitMQ on $amqp_port (already running)"
  else
    infra_dir="$logs/infra"
    bash eng/infra.sh start "$infra_dir" "$pg_port" "$amqp_port" > /dev/null
  fi
  database=closient_bench
  psql_admin=(/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qtA)
  [[ $("${psql_admin[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$database'") == 1 ]] \
    || "${psql_admin[@]}" -c "CREATE DATABASE $database" >&2
  local e
  for e in $extensions; do "${psql_admin[@]}" -d "$database" -c "CREATE EXTENSION IF NOT EXISTS $e;" >&2; done
  connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database;Search Path=$search_path,public"
  signing=$(head -c 32 /dev/urandom | base64 -w0)
}

case "$mode" in
  system)
    direct="http://127.0.0.1:5103$path" gateway="http://127.0.0.1:8080$path" gateway_health=http://127.0.0.1:8080/health
    if ! up http://127.0.0.1:8080/health; then
      log "gateway not up: starting the system (dotnet run --project Closient.AppHost)"
      start apphost dotnet run --project Closient.AppHost
      wait_for http://127.0.0.1:8080/health 900
    fi
    wait_for "$gateway_health" 300
    # Auth and rate limits are on: the gateway side sends an API key (a "bench" key with limits high
    # enough not to throttle the run), the direct side the internal token the gateway would forward.
    keys="$root/.closient/dev-api-key.env"
    [[ -f $keys ]] || { log "no $keys: start the system once with the AppHost"; exit 1; }
    # shellcheck disable=SC1090
    source "$keys"
    bench_key=$(curl -fsS -X POST "http://127.0.0.1:8080/account/api/v1/organizations/$CLOSIENT_ORGANIZATION_ID/api-keys" \
      -H "X-API-Key: $CLOSIENT_API_KEY" -H 'Content-Type: application/json' \
      -d '{"name": "bench", "role": "readonly", "rate_limit_per_minute": 1000000, "rate_limit_per_day": 1000000000}' \
      | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
    signing=$(sed -n 's/.*"internal_token_signing_key": *"\([^"]*\)".*/\1/p' "$root/.closient/secrets.json" | tr -d '\n' | base64 -w0)
    [[ -n $bench_key && -n $signing ]] || { log "could not create the bench key or read the signing key"; exit 1; }
    bench_args+=(--api-key "$bench_key" --signing-key "$signing" --organization "$CLOSIENT_ORGANIZATION_ID")
    ;;
  stub)
    log "building the gateway (Release)"
    dotnet build gateway/Closient.Gateway/Closient.Gateway.csproj -c Release -v q -nologo > "$logs/build-gateway.log" 2>&1 \
      || { cat "$logs/build-gateway.log" >&2; exit 1; }
    if up http://127.0.0.1:5193/health || up http://127.0.0.1:8093/health; then
      log "127.0.0.1:5193 or :8093 is already in use"; exit 1
    fi
    start stub env ASPNETCORE_ENVIRONMENT=Production dotnet "$bench" stub --urls http://127.0.0.1:5193
    # A throwaway signing key: the stub's OpenAPI document is a public endpoint, so no accounts service is needed.
    start gateway env ASPNETCORE_ENVIRONMENT=Production services__locations__http__0=http://127.0.0.1:5193 \
      Closient__InternalToken__SigningKey="$(head -c 32 /dev/urandom | base64 -w0)" \
      dotnet gateway/Closient.Gateway/bin/Release/net10.0/Closient.Gateway.dll --urls http://127.0.0.1:8093 \
      --contentRoot "$root/gateway/Closient.Gateway"
    direct="http://127.0.0.1:5193$path" gateway="http://127.0.0.1:8093$path"
    wait_for "$direct" 60
    wait_for "$gateway" 60
    ;;
  urls)
    [[ -n "$direct" && -n "$gateway" ]] || { log "--direct and --gateway go together"; exit 2; }
    ;;
  search)
    bench_setup Search search "postgis pg_trgm unaccent" 5196 5197 8096
    amqp="amqp://guest:guest@127.0.0.1:$amqp_port/"
    # No OTLP endpoint: no tracing.
    start search env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__closient="$connection" \
      ConnectionStrings__messaging="$amqp" Closient__InternalToken__SigningKey="$signing" \
      dotnet services/Closient.Search/bin/Release/net10.0/Closient.Search.dll --urls http://127.0.0.1:5196 \
      --contentRoot "$root/services/Closient.Search"
    wait_for http://127.0.0.1:5196/health 120   # migrations have run
    log "seeding $products products, $stores stores, $offers offers (skipped when already seeded with these sizes)"
    dotnet "$bench" seed-search --connection "$connection" --products "$products" --stores "$stores" --offers "$offers"
    [[ $part == seed ]] && exit 0
    status=0
    if [[ $part == all || $part == load ]]; then
      # The key goes to the stand-in accounts (every well-formed key is a csb key with limits of 10^9/min), so the
      # gateway's per-key limiter applies to both local and catalog search instead of the keyless 60/min per IP.
      start accounts-stub env ASPNETCORE_ENVIRONMENT=Production dotnet "$bench" accounts-stub --urls http://127.0.0.1:5197
      start gateway env ASPNETCORE_ENVIRONMENT=Production services__search__http__0=http://127.0.0.1:5196 \
        services__accounts__http__0=http://127.0.0.1:5197 Closient__InternalToken__SigningKey="$signing" \
        dotnet gateway/Closient.Gateway/bin/Release/net10.0/Closient.Gateway.dll --urls http://127.0.0.1:8096 \
        --contentRoot "$root/gateway/Closient.Gateway"
      wait_for http://127.0.0.1:5197/health 60
      wait_for http://127.0.0.1:8096/health 60
      dotnet "$bench" search --gateway http://127.0.0.1:8096 --direct http://127.0.0.1:5196 --signing-key "$signing" \
        --connection "$connection" "${bench_args[@]}" || status=$?
    fi
    if [[ $part == all || $part == lag ]]; then
      dotnet "$bench" search-lag --connection "$connection" --amqp "$amqp" "${bench_args[@]}" || status=$?
    fi
    exit $status
    ;;
  resolver)
    bench_setup Catalog catalog "pg_trgm unaccent" 5194 5195 8094
    # No URL-health monitor: it would probe every seeded custom URL. No OTLP endpoint: no tracing.
    catalog=(env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__closient="$connection"
      ConnectionStrings__messaging="amqp://guest:guest@127.0.0.1:$amqp_port/" Closient__InternalToken__SigningKey="$signing"
      Resolver__UrlHealth__Enabled=false
      dotnet services/Closient.Catalog/bin/Release/net10.0/Closient.Catalog.dll --urls http://127.0.0.1:5194
      --contentRoot "$root/services/Closient.Catalog")
    start catalog-migrate "${catalog[@]}"
    wait_for http://127.0.0.1:5194/health 120   # migrations have run
    log "seeding $products products and $serials serial rules (skipped when already seeded with these sizes)"
    gtins="$logs/resolver-gtins.txt"
    dotnet "$bench" seed-resolver --connection "$connection" --products "$products" --serials "$serials" --out "$gtins"
    # Started again after seeding, as a catalog starts in production: it loads every product and its rules into memory
    # at start-up (the figures are for that steady state; the log line "Loaded N products" says when it was ready).
    stop_started_last
    start catalog "${catalog[@]}"
    wait_for http://127.0.0.1:5194/health 120
    for _ in $(seq 1 300); do grep -q "Loaded [0-9]* products for resolution" "$logs/catalog.log" && break; sleep 1; done
    grep -o "Loaded [0-9]* products for resolution in [0-9]* ms" "$logs/catalog.log" >&2 || log "the catalog has not finished loading"
    start gateway env ASPNETCORE_ENVIRONMENT=Production services__catalog__http__0=http://127.0.0.1:5194 \
      Closient__InternalToken__SigningKey="$signing" \
      dotnet gateway/Closient.Gateway/bin/Release/net10.0/Closient.Gateway.dll --urls http://127.0.0.1:8094 \
      --contentRoot "$root/gateway/Closient.Gateway"
    start plain env ASPNETCORE_ENVIRONMENT=Production dotnet "$bench" plain --urls http://127.0.0.1:5195
    wait_for http://127.0.0.1:8094/health 60
    wait_for http://127.0.0.1:5195/ 60
    # CPU time per request by process (the load generator counts itself): where the 2 cores go.
    cpu="catalog=${started[-3]},gateway=${started[-2]}"
    for p in "postgres:$pg_port" "rabbitmq:$amqp_port"; do
      listener=$(ss -ltnpH "sport = :${p#*:}" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
      [[ -n $listener ]] && cpu+=",${p%%:*}=$listener"
    done
    dotnet "$bench" resolver --plain http://127.0.0.1:5195/ --gateway http://127.0.0.1:8094 --direct http://127.0.0.1:5194 \
      --signing-key "$signing" --gtins "$gtins" --serials "$serials" --cpu "$cpu" "${bench_args[@]}"
    exit $?
    ;;
esac

dotnet "$bench" --direct "$direct" --gateway "$gateway" "${bench_args[@]}"
