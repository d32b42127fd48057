#!/usr/bin/env bash
# Nearby-search benchmark (issue #5): 20,000 published locations, then
#   GET /locations/api/v1/locations?lat&lon&radius   (nearest first, distance_km, paginated)
# straight to the locations service and through the gateway, with requests/s and p50/p95/p99
# (eng/bench/run.sh does the measuring; target: p95 <= 10 ms through the gateway).
#
#   eng/bench/nearby.sh [--locations N] [bench options: --concurrency --seconds --rounds --warmup]
#
# Needs the system running (dotnet run --project Closient.AppHost) on its default ports; seeds the
# locations straight into the locations schema of the AppHost's database (.closient/secrets.json
# holds the password), once per N (marked in the rows' metadata), spread over a 40 km square
# around Portland, OR. The search point is its centre with a 2 km radius (~30 stores).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
count=20000 args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --locations) count="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

if ! curl -fsS -o /dev/null --max-time 2 http://127.0.0.1:8080/health; then
  echo "[nearby] start the system first: dotnet run --project Closient.AppHost" >&2
  exit 1
fi
password=$(sed -n 's/.*"role_closient_locations": *"\([^"]*\)".*/\1/p' .closient/secrets.json)
psql_locations() { PGPASSWORD="$password" psql -qAt "host=127.0.0.1 port=54320 user=closient_locations dbname=closient" "$@"; }

have=$(psql_locations -c "SELECT count(*) FROM locations.locations WHERE metadata->>'bench' = 'nearby'")
if (( have < count )); then
  echo "[nearby] seeding $((count - have)) published locations" >&2
  psql_locations -c "
    INSERT INTO locations.locations (id, organization_id, name, address, point, currency, phone, website, metadata, created_at, updated_at, is_published)
    SELECT gen_random_uuid(), '00000000-0000-7000-8000-00000000be0c', 'Bench store ' || g, g || ' Bench St',
           ST_SetSRID(ST_MakePoint(-122.6765 + (random() - 0.5) * 0.5, 45.5231 + (random() - 0.5) * 0.36), 4326)::geography,
           'USD', '', '', '{\"bench\": \"nearby\"}', now(), now(), true
    FROM generate_series(1, $((count - have))) g;
    ANALYZE locations.locations;"
fi
echo "[nearby] $(psql_locations -c "SELECT count(*) FROM locations.locations WHERE is_published") published locations" >&2

exec bash eng/bench/run.sh --path "/locations/api/v1/locations?lat=45.5231&lon=-122.6765&radius=2" "${args[@]}"
