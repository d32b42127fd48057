-- Catalog search (GET /search/api/v1/search) covers brands and retailers as well as products.
-- Like products, each gets a generated full-text document ('english' config over unaccented text,
-- weights: name A, then the secondary fields) with a GIN index, and a trigram index on the
-- unaccented name for the substring / typo fallback. The extensions (pg_trgm, unaccent) are still
-- created by provisioning (AppHost Provisioner, TestDatabase), never here.

-- BrandUpserted: every change of a brand, its deletion as a tombstone (deleted_at). updated_at is the
-- newest version applied; older versions are ignored, so a late upsert cannot undo a deletion.
CREATE TABLE search.brands (
    id uuid PRIMARY KEY,
    name text NOT NULL DEFAULT '',
    organization_id uuid NULL,
    website text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    logo_url text NULL,
    deleted_at timestamptz NULL,
    updated_at timestamptz NOT NULL,
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, search.unaccent_text(name)), 'A') ||
        setweight(to_tsvector('english'::regconfig, search.unaccent_text(description)), 'C')) STORED);
CREATE INDEX brands_document_idx ON search.brands USING gin (document) WHERE deleted_at IS NULL;
CREATE INDEX brands_name_trgm_idx ON search.brands
    USING gin (search.unaccent_text(name) public.gin_trgm_ops) WHERE deleted_at IS NULL;

-- RetailerCreated: retailers are only created so far (no update or removal event exists yet).
CREATE TABLE search.retailers (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    name text NOT NULL DEFAULT '',
    website text NOT NULL DEFAULT '',
    category text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, search.unaccent_text(name)), 'A') ||
        setweight(to_tsvector('english'::regconfig, search.unaccent_text(category)), 'B')) STORED);
CREATE INDEX retailers_document_idx ON search.retailers USING gin (document);
CREATE INDEX retailers_name_trgm_idx ON search.retailers USING gin (search.unaccent_text(name) public.gin_trgm_ops);
