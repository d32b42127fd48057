-- Products (trade items), keyed by GTIN-14. Walking-skeleton columns only: GDSN dimensions, GPC
-- codes, net_content value/UOM and brand links arrive with later migrations.
CREATE TABLE catalog.products (
    id uuid PRIMARY KEY,
    gtin text NOT NULL CONSTRAINT products_gtin_key UNIQUE CONSTRAINT products_gtin_check CHECK (gtin ~ '^[0-9]{14}$'),
    product_name text NOT NULL DEFAULT '',
    brand text NOT NULL DEFAULT '',
    manufacturer text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    image_url text NULL,
    country_of_origin text NOT NULL DEFAULT '' CHECK (country_of_origin ~ '^([A-Z]{2})?$'),
    net_content text NOT NULL DEFAULT '',
    owner_id uuid NULL,
    -- A product is claimed exactly when an organization owns it; derived so the two cannot disagree.
    is_claimed boolean GENERATED ALWAYS AS (owner_id IS NOT NULL) STORED,
    data_source text NOT NULL,
    claim_verification_status text NOT NULL DEFAULT 'unverified',
    confidence_score double precision NOT NULL CHECK (confidence_score BETWEEN 0 AND 1),
    field_confidence jsonb NOT NULL DEFAULT '{}',
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL
);

-- GET /products?organization_id=…: an organization's claimed products, newest first.
CREATE INDEX products_owner_created_idx ON catalog.products (owner_id, created_at DESC, id DESC) WHERE owner_id IS NOT NULL;
