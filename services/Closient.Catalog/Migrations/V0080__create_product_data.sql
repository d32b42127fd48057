-- Product content the catalog holds per product (issue #4; spec/catalog.md §2): the nutrition panel,
-- the ingredient list in label order, recalls and the packaging hierarchy. All rows go with their product.

-- At most one nutrition panel per product. nutrients: [{name, amount, unit, daily_value_pct}] as validated
-- by ProductData/NutritionApi (label order kept).
CREATE TABLE catalog.product_nutrition (
    product_id uuid PRIMARY KEY REFERENCES catalog.products (id) ON DELETE CASCADE,
    serving_size text NOT NULL,
    label_format text NOT NULL CHECK (label_format IN ('US_FDA', 'EU', 'CA_CFIA', 'AU_NZ', 'UK')),
    serving_size_g numeric NULL CHECK (serving_size_g > 0),
    servings_per_container numeric NULL CHECK (servings_per_container > 0),
    nutrients jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL
);

-- The ingredient list; position is the label order (1 = first on the label). allergen: a slug of
-- ProductData/Allergens ('' = none); is_major_allergen is allergen <> ''.
CREATE TABLE catalog.product_ingredients (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL REFERENCES catalog.products (id) ON DELETE CASCADE,
    position int NOT NULL CHECK (position >= 1),
    name text NOT NULL,
    allergen text NOT NULL DEFAULT '',
    may_contain boolean NOT NULL DEFAULT false,
    notes text NOT NULL DEFAULT '',
    percentage numeric NULL CHECK (percentage BETWEEN 0 AND 100),
    origin text NOT NULL DEFAULT '',
    UNIQUE (product_id, position)
);

-- Recalls of a product. status ONGOING|UNKNOWN = open (active).
CREATE TABLE catalog.product_recalls (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL REFERENCES catalog.products (id) ON DELETE CASCADE,
    title text NOT NULL,
    status text NOT NULL CHECK (status IN ('ONGOING', 'COMPLETED', 'TERMINATED', 'UNKNOWN')),
    source_system text NOT NULL CHECK (source_system IN ('FDA', 'FSIS', 'CPSC', 'HEALTH_CANADA')),
    severity text NOT NULL CHECK (severity IN ('CLASS_I', 'CLASS_II', 'CLASS_III', 'UNKNOWN')),
    description text NOT NULL DEFAULT '',
    hazard text NOT NULL DEFAULT '',
    remedy text NOT NULL DEFAULT '',
    public_url text NOT NULL DEFAULT '',
    company_name text NOT NULL DEFAULT '',
    recall_date date NOT NULL,
    jurisdictions text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL
);
CREATE INDEX product_recalls_product ON catalog.product_recalls (product_id, recall_date DESC);

-- Packaging hierarchy (GDSN levels): the parent pack holds quantity × the child; hierarchy_level is the
-- parent's level in this link.
CREATE TABLE catalog.product_hierarchy (
    id uuid PRIMARY KEY,
    parent_id uuid NOT NULL REFERENCES catalog.products (id) ON DELETE CASCADE,
    child_id uuid NOT NULL REFERENCES catalog.products (id) ON DELETE CASCADE,
    quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
    hierarchy_level text NOT NULL CHECK (hierarchy_level IN ('UNIT', 'INNER_PACK', 'CASE', 'PALLET')),
    created_at timestamptz NOT NULL,
    CHECK (parent_id <> child_id),
    UNIQUE (parent_id, child_id)
);
CREATE INDEX product_hierarchy_child ON catalog.product_hierarchy (child_id);
