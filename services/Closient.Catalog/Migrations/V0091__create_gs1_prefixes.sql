-- GS1 Company Prefixes organizations register (issue #4), and how a product claim was verified.
-- A prefix belongs to one organization (primary key); overlapping prefixes of different organizations are refused
-- by the API. Matching: the GTIN-14 without its first digit (indicator or padding) starts with the prefix.
CREATE TABLE catalog.gs1_prefixes (
    prefix text PRIMARY KEY CHECK (prefix ~ '^[0-9]{4,12}$'),
    organization_id uuid NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX gs1_prefixes_organization_idx ON catalog.gs1_prefixes (organization_id, prefix);

ALTER TABLE catalog.products
    ADD COLUMN claim_verification_method text NULL,
    ADD COLUMN claim_verification_detail text NULL,
    ADD COLUMN claim_verified_at timestamptz NULL;
CREATE INDEX products_unverified_claims_idx ON catalog.products (id) WHERE owner_id IS NOT NULL AND claim_verification_status = 'unverified';
