-- POS integrations (spec/offers.md §7, issue #5): a connected shop is an inventory source of one
-- organization; its access token is stored encrypted (AES-GCM, key from configuration, never here).
CREATE TABLE offers.inventory_sources (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    provider text NOT NULL CHECK (provider IN ('shopify')),
    shop_domain text NOT NULL,
    access_token_encrypted bytea NOT NULL,
    scopes text NOT NULL DEFAULT '',
    status text NOT NULL CHECK (status IN ('connected', 'disconnected')),
    webhook_ids text[] NOT NULL DEFAULT '{}',
    last_sync_at timestamptz NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    -- A shop belongs to one organization: webhooks name only the shop.
    CONSTRAINT inventory_sources_shop_key UNIQUE (provider, shop_domain));
CREATE INDEX inventory_sources_organization_idx ON offers.inventory_sources (organization_id, id);

-- The POS's locations as last seen, and the physical store each is mapped to (null: not synced).
CREATE TABLE offers.inventory_source_locations (
    inventory_source_id uuid NOT NULL REFERENCES offers.inventory_sources (id) ON DELETE CASCADE,
    external_location_id text NOT NULL,
    name text NOT NULL DEFAULT '',
    physical_store_id uuid NULL REFERENCES offers.physical_stores (id) ON DELETE SET NULL,
    PRIMARY KEY (inventory_source_id, external_location_id),
    CONSTRAINT inventory_source_locations_store_key UNIQUE (inventory_source_id, physical_store_id));

-- The POS's variants as last seen (what a webhook's inventory_item_id means): barcode → GTIN.
CREATE TABLE offers.inventory_source_items (
    inventory_source_id uuid NOT NULL REFERENCES offers.inventory_sources (id) ON DELETE CASCADE,
    inventory_item_id text NOT NULL,
    variant_id text NOT NULL,
    external_product_id text NOT NULL,
    sku text NOT NULL,
    barcode text NOT NULL,
    gtin text NULL,
    price numeric NULL,
    PRIMARY KEY (inventory_source_id, inventory_item_id));
CREATE INDEX inventory_source_items_variant_idx ON offers.inventory_source_items (inventory_source_id, variant_id);

-- Background sync jobs with their counts and errors; at most one queued or running per source.
CREATE TABLE offers.sync_jobs (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    inventory_source_id uuid NOT NULL REFERENCES offers.inventory_sources (id) ON DELETE CASCADE,
    state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    created_count integer NOT NULL DEFAULT 0,
    updated_count integer NOT NULL DEFAULT 0,
    skipped_count integer NOT NULL DEFAULT 0,
    error_count integer NOT NULL DEFAULT 0,
    processed integer NOT NULL DEFAULT 0,
    total integer NULL,
    errors jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL,
    started_at timestamptz NULL,
    finished_at timestamptz NULL);
CREATE UNIQUE INDEX sync_jobs_one_active_idx ON offers.sync_jobs (inventory_source_id) WHERE state IN ('queued', 'running');

-- Webhook deliveries already applied (X-Shopify-Webhook-Id): a redelivery changes nothing.
CREATE TABLE offers.webhook_deliveries (
    provider text NOT NULL,
    delivery_id text NOT NULL,
    topic text NOT NULL,
    shop_domain text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (provider, delivery_id));

-- OAuth states already redeemed: a signed state works once.
CREATE TABLE offers.oauth_states_used (
    nonce text PRIMARY KEY,
    used_at timestamptz NOT NULL);
