-- Brands (spec/catalog.md §3). organization_id NULL = unclaimed (harvested); claiming is one-way.
-- Deleting is soft: deleted_at hides the brand from every read and frees its name for reuse.
CREATE TABLE catalog.brands (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (name <> ''),
    organization_id uuid NULL,
    website text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    instagram text NOT NULL DEFAULT '',
    facebook text NOT NULL DEFAULT '',
    twitter text NOT NULL DEFAULT '',
    linkedin text NOT NULL DEFAULT '',
    youtube text NOT NULL DEFAULT '',
    tiktok text NOT NULL DEFAULT '',
    pinterest text NOT NULL DEFAULT '',
    threads text NOT NULL DEFAULT '',
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL,
    deleted_at timestamptz NULL
);

-- One live brand per name (case-insensitive) within an organization; deleted names are reusable.
CREATE UNIQUE INDEX brands_org_name_key ON catalog.brands (organization_id, lower(name))
    WHERE deleted_at IS NULL AND organization_id IS NOT NULL;
CREATE INDEX brands_name_idx ON catalog.brands (lower(name), id) WHERE deleted_at IS NULL;
CREATE INDEX brands_created_idx ON catalog.brands (created_at, id) WHERE deleted_at IS NULL;

-- The logo bytes, one per brand, replaced on every upload. sha256 is the strong ETag.
CREATE TABLE catalog.brand_logos (
    brand_id uuid PRIMARY KEY REFERENCES catalog.brands (id),
    content_type text NOT NULL,
    byte_size integer NOT NULL CHECK (byte_size > 0),
    sha256 text NOT NULL,
    bytes bytea NOT NULL,
    uploaded_at timestamptz NOT NULL
);

-- Public brand catalog and completeness: products of an organization by brand text, case-insensitively.
CREATE INDEX products_owner_brand_lower_idx ON catalog.products (owner_id, lower(brand));
