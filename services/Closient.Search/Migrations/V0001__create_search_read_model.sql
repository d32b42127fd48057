-- The search read model: products, stores and offers as the catalog, locations and offers
-- services publish them, plus conversational sessions. Rows are written only by consumers
-- (and sessions by the API). Removals are tombstones (removed_at) so a late, older upsert
-- cannot bring a removed row back. The extensions (postgis, pg_trgm, unaccent) are created
-- in schema public by provisioning, never here.

-- unaccent() is only STABLE (its dictionary could change), so a generated column cannot call
-- it; this wrapper pins the dictionary and is declared IMMUTABLE, the usual PostgreSQL idiom.
CREATE FUNCTION search.unaccent_text(input text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, input);

CREATE TABLE search.products (
    id uuid PRIMARY KEY,
    gtin text NOT NULL DEFAULT '',
    product_name text NOT NULL DEFAULT '',
    brand text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    organization_id uuid NULL,
    updated_at timestamptz NOT NULL,
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, search.unaccent_text(product_name)), 'A') ||
        setweight(to_tsvector('english'::regconfig, search.unaccent_text(brand)), 'B') ||
        setweight(to_tsvector('english'::regconfig, search.unaccent_text(description)), 'C')) STORED);
CREATE INDEX products_document_idx ON search.products USING gin (document);
CREATE INDEX products_gtin_idx ON search.products (gtin);
-- Substring fallback (ILIKE '%q%') when full text finds nothing.
CREATE INDEX products_name_trgm_idx ON search.products
    USING gin (search.unaccent_text(product_name || ' ' || brand) public.gin_trgm_ops);

CREATE TABLE search.stores (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    name text NOT NULL DEFAULT '',
    address text NOT NULL DEFAULT '',
    location geography(Point, 4326) NULL,
    currency text NOT NULL DEFAULT '',
    phone text NOT NULL DEFAULT '',
    website text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL,
    removed_at timestamptz NULL);
CREATE INDEX stores_location_idx ON search.stores USING gist (location) WHERE removed_at IS NULL;

CREATE TABLE search.offers (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL,
    store_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    sku text NOT NULL DEFAULT '',
    price_amount numeric NULL,
    currency text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT '',
    quantity_on_hand int NULL,
    source text NOT NULL DEFAULT '',
    -- The offer's UpdatedAt, shown as last_checked_at: when the retailer last confirmed it.
    updated_at timestamptz NOT NULL,
    removed_at timestamptz NULL);
CREATE INDEX offers_store_idx ON search.offers (store_id) WHERE removed_at IS NULL;
CREATE INDEX offers_product_idx ON search.offers (product_id) WHERE removed_at IS NULL;

CREATE TABLE search.sessions (
    id text PRIMARY KEY,
    base_query text NOT NULL,
    -- What the query matches on once constraint phrases are stripped, and the GTIN of a gtin: query.
    search_text text NOT NULL,
    gtin text NULL,
    active_constraints jsonb NOT NULL DEFAULT '{}',
    search_history text[] NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    radius_km double precision NOT NULL,
    user_id uuid NULL,
    created_at timestamptz NOT NULL,
    last_activity_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL);
CREATE INDEX sessions_expires_at_idx ON search.sessions (expires_at);
