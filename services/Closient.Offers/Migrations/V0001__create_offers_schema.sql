-- Read model of catalog products (ProductUpserted). updated_at is the version of the last applied
-- event: an older event is ignored, so out-of-order delivery cannot roll a product back.
CREATE TABLE offers.products (
    id uuid PRIMARY KEY,
    gtin text NOT NULL,
    product_name text NOT NULL,
    updated_at timestamptz NOT NULL);

-- Read model of published locations (LocationPublished / LocationRemoved); a location is the
-- physical store of an offer. Removal is a tombstone (removed_at), and updated_at is the version of
-- the last applied event of either kind, so a late LocationPublished cannot resurrect a removed store.
CREATE TABLE offers.stores (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    name text NOT NULL,
    currency text NOT NULL,
    updated_at timestamptz NOT NULL,
    removed_at timestamptz NULL);

CREATE TABLE offers.in_store_offers (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    product_id uuid NOT NULL,
    physical_store_id uuid NOT NULL,
    sku text NOT NULL DEFAULT '',
    price_amount numeric NULL CHECK (price_amount >= 0),
    -- The store's currency when the offer was written; prices carry no currency of their own.
    price_currency text NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'out_of_stock', 'seasonal', 'discontinued')),
    source text NOT NULL CHECK (source IN ('brand', 'affiliate_feed', 'scrape', 'pos_sync', 'manual', 'user_feedback')),
    is_verified boolean NOT NULL DEFAULT false,
    quantity_on_hand int NULL CHECK (quantity_on_hand >= 0),
    aisle text NOT NULL DEFAULT '',
    store_pickup_available boolean NOT NULL DEFAULT false,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT in_store_offers_natural_key UNIQUE (product_id, physical_store_id, sku));

CREATE INDEX in_store_offers_organization_idx ON offers.in_store_offers (organization_id, id);
