-- Public reports disputing a product's claim (POST /products/{gtin}/report-claim). Reporter data is
-- for staff only: no endpoint returns it, least of all to the claiming organization.
CREATE TABLE catalog.claim_reports (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL REFERENCES catalog.products (id),
    -- The organization whose claim was reported (the owner when the report arrived).
    owner_id uuid NOT NULL,
    reporter_email text NOT NULL,
    reporter_relationship text NOT NULL,
    reason text NOT NULL,
    reporter_phone text NOT NULL DEFAULT '',
    reporter_company text NOT NULL DEFAULT '',
    supporting_url text NOT NULL DEFAULT '',
    -- The client address as the gateway forwarded it; '' when unknown (all unknowns share one bucket).
    reporter_ip text NOT NULL,
    created_at timestamptz NOT NULL
);

-- The per-IP daily limit counts an IP's reports of the last 24 hours.
CREATE INDEX claim_reports_ip_created_idx ON catalog.claim_reports (reporter_ip, created_at);
CREATE INDEX claim_reports_product_idx ON catalog.claim_reports (product_id, owner_id);

-- The staff review queue: one row per disputed claim once reports come from enough distinct IPs.
CREATE TABLE catalog.claim_review_queue (
    product_id uuid NOT NULL REFERENCES catalog.products (id),
    owner_id uuid NOT NULL,
    distinct_reporter_ips integer NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (product_id, owner_id)
);
