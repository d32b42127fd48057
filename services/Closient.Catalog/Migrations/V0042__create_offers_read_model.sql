-- The catalog's read model of in-store offers (OfferUpserted/OfferRemoved from offers), for completeness
-- and dashboard stats. A removal is a tombstone: upserts older than it cannot resurrect the offer.
CREATE TABLE catalog.offers (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    status text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL,
    removed_at timestamptz NULL
);

CREATE INDEX offers_active_product_idx ON catalog.offers (product_id) WHERE removed_at IS NULL AND status = 'active';
