-- Product images (spec/catalog.md §7), bytes stored inline (TOASTed out of line by PostgreSQL).
-- Images belong to the product, not to an organization: whoever owns the product manages them.
CREATE TABLE catalog.product_images (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL REFERENCES catalog.products (id),
    title text NOT NULL DEFAULT '',
    is_primary boolean NOT NULL DEFAULT false,
    priority integer NOT NULL CHECK (priority >= 0),
    content_type text NOT NULL,
    width integer NULL,
    height integer NULL,
    byte_size integer NOT NULL CHECK (byte_size > 0),
    sha256 text NOT NULL,
    bytes bytea NOT NULL,
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL
);

-- At most one primary image per product; a new primary demotes the old one in the same transaction.
CREATE UNIQUE INDEX product_images_one_primary_key ON catalog.product_images (product_id) WHERE is_primary;
-- List order: primary first, then priority, then newest.
CREATE INDEX product_images_order_idx ON catalog.product_images (product_id, is_primary DESC, priority, created_at DESC, id DESC);
