-- Issue #5: retailers, physical and online stores as offers-owned resources, online offers,
-- promotions and inventory freshness. Existing data is kept: every location that existing offers
-- name becomes a physical store WITH THE SAME ID under one org-private retailer "Stores" per
-- organization, so in_store_offers.physical_store_id stays valid without being rewritten.

-- Read model of every location, published or not (LocationUpserted / LocationDeleted): a physical
-- store is attached to one. updated_at is the version of the last applied event of either kind;
-- deletion is a tombstone (deleted_at) that no older upsert can lift.
CREATE TABLE offers.locations (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    name text NOT NULL,
    currency text NOT NULL,
    is_published boolean NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz NULL);

INSERT INTO offers.locations (id, organization_id, name, currency, is_published, updated_at)
SELECT id, organization_id, name, currency, removed_at IS NULL, updated_at FROM offers.stores;

-- A retailer: canonical (Closient-curated, organization_id NULL, read-only) or org-private.
CREATE TABLE offers.retailers (
    id uuid PRIMARY KEY,
    organization_id uuid NULL,
    is_canonical boolean NOT NULL,
    name text NOT NULL,
    website text NOT NULL DEFAULT '',
    gln text NULL,
    category text NOT NULL DEFAULT '',
    marketplace_regions text[] NOT NULL DEFAULT '{}',
    is_active boolean NOT NULL DEFAULT true,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz NULL,
    CONSTRAINT retailers_canonical_has_no_organization CHECK (is_canonical = (organization_id IS NULL)));
CREATE INDEX retailers_organization_idx ON offers.retailers (organization_id, id) WHERE deleted_at IS NULL;

-- The canonical retailers (fixed ids, so every environment names them alike).
INSERT INTO offers.retailers (id, organization_id, is_canonical, name, website, category, marketplace_regions, created_at, updated_at) VALUES
    ('01930000-0000-7000-8000-000000000001', NULL, true, 'Amazon', 'https://www.amazon.com', 'marketplace', '{US,GB,DE,FR,IT,ES,JP,CA}', now(), now()),
    ('01930000-0000-7000-8000-000000000002', NULL, true, 'Walmart', 'https://www.walmart.com', 'general_merchandise', '{US,CA,MX}', now(), now()),
    ('01930000-0000-7000-8000-000000000003', NULL, true, 'Target', 'https://www.target.com', 'general_merchandise', '{US}', now(), now()),
    ('01930000-0000-7000-8000-000000000004', NULL, true, 'Costco', 'https://www.costco.com', 'warehouse_club', '{US,CA,GB,JP}', now(), now()),
    ('01930000-0000-7000-8000-000000000005', NULL, true, 'Tesco', 'https://www.tesco.com', 'grocery', '{GB,IE}', now(), now()),
    ('01930000-0000-7000-8000-000000000006', NULL, true, 'Carrefour', 'https://www.carrefour.com', 'grocery', '{FR,ES,IT,BE}', now(), now()),
    ('01930000-0000-7000-8000-000000000007', NULL, true, 'Whole Foods Market', 'https://www.wholefoodsmarket.com', 'grocery', '{US,CA,GB}', now(), now()),
    ('01930000-0000-7000-8000-000000000008', NULL, true, 'Best Buy', 'https://www.bestbuy.com', 'electronics', '{US,CA}', now(), now());

-- A brick-and-mortar store: one per location (a location of the same organization).
CREATE TABLE offers.physical_stores (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    retailer_id uuid NOT NULL REFERENCES offers.retailers (id),
    location_id uuid NOT NULL,
    name text NOT NULL,
    currency text NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT physical_stores_location_key UNIQUE (location_id));
CREATE INDEX physical_stores_organization_idx ON offers.physical_stores (organization_id, id);
CREATE INDEX physical_stores_retailer_idx ON offers.physical_stores (retailer_id);

CREATE TABLE offers.online_stores (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    retailer_id uuid NOT NULL REFERENCES offers.retailers (id),
    name text NOT NULL,
    url text NOT NULL DEFAULT '',
    currency text NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL);
CREATE INDEX online_stores_organization_idx ON offers.online_stores (organization_id, id);
CREATE INDEX online_stores_retailer_idx ON offers.online_stores (retailer_id);

-- Existing offers: one retailer per organization, one store per location, the store id = the location id.
INSERT INTO offers.retailers (id, organization_id, is_canonical, name, created_at, updated_at)
SELECT gen_random_uuid(), organization_id, false, 'Stores', now(), now()
FROM (SELECT DISTINCT organization_id FROM offers.in_store_offers) o;

INSERT INTO offers.physical_stores (id, organization_id, retailer_id, location_id, name, currency, created_at, updated_at)
SELECT DISTINCT ON (i.physical_store_id) i.physical_store_id, i.organization_id, r.id, i.physical_store_id,
       coalesce(s.name, ''), coalesce(nullif(s.currency, ''), i.price_currency), now(), now()
FROM offers.in_store_offers i
JOIN offers.retailers r ON r.organization_id = i.organization_id AND NOT r.is_canonical
LEFT JOIN offers.stores s ON s.id = i.physical_store_id
ORDER BY i.physical_store_id;

DROP TABLE offers.stores;

ALTER TABLE offers.in_store_offers
    ADD COLUMN last_inventory_sync timestamptz NULL,
    ADD CONSTRAINT in_store_offers_store_fk FOREIGN KEY (physical_store_id) REFERENCES offers.physical_stores (id);
CREATE INDEX in_store_offers_store_idx ON offers.in_store_offers (physical_store_id);

CREATE TABLE offers.online_offers (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    product_id uuid NOT NULL,
    online_store_id uuid NOT NULL REFERENCES offers.online_stores (id),
    sku text NOT NULL DEFAULT '',
    url text NOT NULL DEFAULT '',
    price_amount numeric NULL CHECK (price_amount >= 0),
    price_currency text NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'out_of_stock', 'seasonal', 'discontinued')),
    source text NOT NULL CHECK (source IN ('brand', 'affiliate_feed', 'scrape', 'pos_sync', 'manual', 'user_feedback')),
    is_verified boolean NOT NULL DEFAULT false,
    quantity_on_hand int NULL CHECK (quantity_on_hand >= 0),
    stock_level text NOT NULL DEFAULT 'unknown' CHECK (stock_level IN ('in_stock', 'low_stock', 'out_of_stock', 'unknown')),
    fulfillment_type text NOT NULL DEFAULT 'standard',
    metadata jsonb NOT NULL DEFAULT '{}',
    last_inventory_sync timestamptz NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT online_offers_natural_key UNIQUE (product_id, online_store_id, sku));
CREATE INDEX online_offers_organization_idx ON offers.online_offers (organization_id, id);
CREATE INDEX online_offers_store_idx ON offers.online_offers (online_store_id);

-- A time-windowed price on exactly one offer; deleting the offer deletes its promotions.
CREATE TABLE offers.promotions (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    in_store_offer_id uuid NULL REFERENCES offers.in_store_offers (id) ON DELETE CASCADE,
    online_offer_id uuid NULL REFERENCES offers.online_offers (id) ON DELETE CASCADE,
    promotional_price numeric NOT NULL CHECK (promotional_price >= 0),
    start_date timestamptz NOT NULL,
    end_date timestamptz NOT NULL,
    promotion_type text NOT NULL CHECK (promotion_type IN ('SALE', 'SEASONAL', 'CLEARANCE', 'BOGO', 'BUNDLE', 'INTRODUCTORY')),
    description text NOT NULL DEFAULT '',
    is_active boolean NOT NULL DEFAULT true,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT promotions_window CHECK (end_date > start_date),
    CONSTRAINT promotions_one_offer CHECK ((in_store_offer_id IS NULL) <> (online_offer_id IS NULL)));
CREATE INDEX promotions_in_store_offer_idx ON offers.promotions (in_store_offer_id) WHERE in_store_offer_id IS NOT NULL;
CREATE INDEX promotions_online_offer_idx ON offers.promotions (online_offer_id) WHERE online_offer_id IS NOT NULL;
