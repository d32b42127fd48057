-- Serial verification (spec/resolver.md §3, experimental v1): what the resolver saw of each serialized
-- item (GTIN + AI 21), the anomalies found while recording it, and the owner organization's marks.

-- One row per serial ever scanned (bots excluded), written in the same transaction as the ScanRecorded
-- outbox rows (Resolver/ScanWriter). countries: the distinct ISO 3166-1 alpha-2 codes seen.
CREATE TABLE catalog.serial_observations (
    gtin text NOT NULL CHECK (gtin ~ '^[0-9]{14}$'),
    serial text NOT NULL CHECK (length(serial) BETWEEN 1 AND 20),
    consumer_scans bigint NOT NULL DEFAULT 0 CHECK (consumer_scans >= 0),
    retailer_scans bigint NOT NULL DEFAULT 0 CHECK (retailer_scans >= 0),
    first_seen timestamptz NOT NULL,
    last_seen timestamptz NOT NULL,
    last_country text NULL CHECK (last_country ~ '^[A-Z]{2}$'),
    last_country_at timestamptz NULL,
    countries text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (gtin, serial)
);

-- Anomalies found while recording scans, e.g. the same serial in two countries within an implausibly
-- short time (impossible_travel). prior_*: the earlier scan the new one contradicts.
CREATE TABLE catalog.serial_anomalies (
    id uuid PRIMARY KEY,
    gtin text NOT NULL,
    serial text NOT NULL,
    type text NOT NULL,
    description text NOT NULL,
    country text NULL,
    scanned_at timestamptz NOT NULL,
    prior_country text NULL,
    prior_scanned_at timestamptz NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (gtin, serial) REFERENCES catalog.serial_observations (gtin, serial) ON DELETE CASCADE
);
CREATE INDEX serial_anomalies_serial_idx ON catalog.serial_anomalies (gtin, serial, scanned_at DESC);

-- A status the owner organization set on one of its serials. Only a mark by the product's current owner counts.
CREATE TABLE catalog.serial_statuses (
    gtin text NOT NULL CHECK (gtin ~ '^[0-9]{14}$'),
    serial text NOT NULL CHECK (length(serial) BETWEEN 1 AND 20),
    organization_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('counterfeit_suspected', 'serialization_error')),
    note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL,
    PRIMARY KEY (gtin, serial)
);
