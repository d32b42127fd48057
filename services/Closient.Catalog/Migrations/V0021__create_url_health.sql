-- Health of the custom URLs resolution rules redirect to (spec/resolver.md §2 "on_custom_url_dead"):
-- one row per distinct URL, written by the URL-health monitor.
CREATE TABLE catalog.url_health (
    url text PRIMARY KEY,
    consecutive_failures int NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    status text NOT NULL CHECK (status IN ('live', 'dead')),
    last_checked_at timestamptz NOT NULL,
    last_status_code int NULL,
    last_error text NULL
);
