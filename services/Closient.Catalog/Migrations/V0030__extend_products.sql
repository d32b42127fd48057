-- The ProductOut / TradeItemDetail fields of spec/catalog.md §1 the walking skeleton left out, and
-- claim bookkeeping. Numbers and their UN/ECE Rec 20 units are pairs: both set or both empty (the API
-- keeps them so; the CHECKs make sure). Text fields are '' when unknown, as the older columns are.
ALTER TABLE catalog.products
    ADD COLUMN net_content_value numeric NULL CHECK (net_content_value > 0),
    ADD COLUMN net_content_uom text NOT NULL DEFAULT '',
    ADD COLUMN length numeric NULL CHECK (length > 0),
    ADD COLUMN length_uom text NOT NULL DEFAULT '',
    ADD COLUMN width numeric NULL CHECK (width > 0),
    ADD COLUMN width_uom text NOT NULL DEFAULT '',
    ADD COLUMN height numeric NULL CHECK (height > 0),
    ADD COLUMN height_uom text NOT NULL DEFAULT '',
    ADD COLUMN depth numeric NULL CHECK (depth > 0),
    ADD COLUMN depth_uom text NOT NULL DEFAULT '',
    ADD COLUMN gross_weight numeric NULL CHECK (gross_weight > 0),
    ADD COLUMN gross_weight_uom text NOT NULL DEFAULT '',
    ADD COLUMN net_weight numeric NULL CHECK (net_weight > 0),
    ADD COLUMN net_weight_uom text NOT NULL DEFAULT '',
    ADD COLUMN gpc_brick_code text NOT NULL DEFAULT '' CHECK (gpc_brick_code ~ '^([0-9]{8})?$'),
    ADD COLUMN gpc_class_code text NOT NULL DEFAULT '' CHECK (gpc_class_code ~ '^([0-9]{8})?$'),
    ADD COLUMN gpc_family_code text NOT NULL DEFAULT '' CHECK (gpc_family_code ~ '^([0-9]{8})?$'),
    ADD COLUMN gpc_segment_code text NOT NULL DEFAULT '' CHECK (gpc_segment_code ~ '^([0-9]{8})?$'),
    ADD COLUMN primary_language text NOT NULL DEFAULT '',
    ADD COLUMN usage_instructions text NOT NULL DEFAULT '',
    ADD COLUMN brand_product_page_url text NOT NULL DEFAULT '',
    ADD COLUMN ai_summary text NOT NULL DEFAULT '',
    ADD COLUMN countries_sold text[] NOT NULL DEFAULT '{}',
    -- When the current owner claimed the product (null while unclaimed).
    ADD COLUMN claimed_at timestamptz NULL,
    -- Set when reports from enough distinct IPs dispute the current claim (staff review queue).
    ADD COLUMN claim_under_review boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT products_net_content_pair CHECK ((net_content_value IS NULL) = (net_content_uom = '')),
    ADD CONSTRAINT products_length_pair CHECK ((length IS NULL) = (length_uom = '')),
    ADD CONSTRAINT products_width_pair CHECK ((width IS NULL) = (width_uom = '')),
    ADD CONSTRAINT products_height_pair CHECK ((height IS NULL) = (height_uom = '')),
    ADD CONSTRAINT products_depth_pair CHECK ((depth IS NULL) = (depth_uom = '')),
    ADD CONSTRAINT products_gross_weight_pair CHECK ((gross_weight IS NULL) = (gross_weight_uom = '')),
    ADD CONSTRAINT products_net_weight_pair CHECK ((net_weight IS NULL) = (net_weight_uom = ''));

UPDATE catalog.products SET claimed_at = created_at WHERE owner_id IS NOT NULL;

-- GET /trade-items: newest first by default, brand exact (case-insensitive), q substring on name or brand.
CREATE INDEX products_created_idx ON catalog.products (created_at DESC, id DESC);
CREATE INDEX products_brand_lower_idx ON catalog.products (lower(brand));
CREATE INDEX products_name_trgm_idx ON catalog.products USING gin (product_name gin_trgm_ops);
CREATE INDEX products_brand_trgm_idx ON catalog.products USING gin (brand gin_trgm_ops);
