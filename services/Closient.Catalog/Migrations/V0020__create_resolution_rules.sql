-- Resolution rules of GS1 Digital Link resolution (spec/resolver.md §2), per organization.
-- scope_id is canonical text: PRODUCT = GTIN-14; BATCH = '<GTIN-14>/10/<lot>'; SERIAL = '<GTIN-14>/21/<serial>';
-- BRAND = the brand's 22-character shortuuid (brands live in another slice: no foreign key); ORGANIZATION = NULL.
-- The API validates everything below first; these CHECKs are the last line of defence.
CREATE TABLE catalog.resolution_rules (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    scope_type text NOT NULL CONSTRAINT resolution_rules_scope_type_check
        CHECK (scope_type IN ('SERIAL', 'BATCH', 'PRODUCT', 'BRAND', 'ORGANIZATION')),
    -- Evaluation priority of the scope (most specific first), so lists sort by an index.
    scope_priority smallint GENERATED ALWAYS AS (CASE scope_type
        WHEN 'SERIAL' THEN 1 WHEN 'BATCH' THEN 2 WHEN 'PRODUCT' THEN 3 WHEN 'BRAND' THEN 4 ELSE 5 END) STORED,
    scope_id text NULL,
    product_id uuid NULL,
    order_index int NOT NULL CONSTRAINT resolution_rules_order_index_check CHECK (order_index BETWEEN 0 AND 1000000),
    enabled boolean NOT NULL DEFAULT true,
    destination_type text NOT NULL CONSTRAINT resolution_rules_destination_type_check
        CHECK (destination_type IN ('HOSTED_PAGE', 'CUSTOM_URL')),
    custom_url text NULL CONSTRAINT resolution_rules_custom_url_length_check CHECK (length(custom_url) <= 2048),
    on_custom_url_dead text NOT NULL CONSTRAINT resolution_rules_on_custom_url_dead_check
        CHECK (on_custom_url_dead IN ('SKIP_RULE', 'FALLBACK_TO_HOSTED')),
    absolute_start_at timestamptz NULL,
    absolute_end_at timestamptz NULL,
    annual_start_mmdd text NULL CONSTRAINT resolution_rules_annual_start_check CHECK (annual_start_mmdd ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
    annual_end_mmdd text NULL CONSTRAINT resolution_rules_annual_end_check CHECK (annual_end_mmdd ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
    -- 0 = Monday … 6 = Sunday (ISO order, as Python's weekday()); empty = every day.
    days_of_week smallint[] NOT NULL DEFAULT '{}' CONSTRAINT resolution_rules_days_of_week_check
        CHECK (days_of_week <@ ARRAY[0, 1, 2, 3, 4, 5, 6]::smallint[]),
    time_of_day_start time NULL,
    time_of_day_end time NULL,
    timezone text NULL CONSTRAINT resolution_rules_timezone_check CHECK (length(timezone) BETWEEN 1 AND 64),
    link_type text NULL CONSTRAINT resolution_rules_link_type_check CHECK (length(link_type) BETWEEN 1 AND 100),
    location_countries text[] NOT NULL DEFAULT '{}',
    location_regions text[] NOT NULL DEFAULT '{}',
    location_cities text[] NOT NULL DEFAULT '{}',
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL,
    CONSTRAINT resolution_rules_scope_id_check CHECK ((scope_type = 'ORGANIZATION') = (scope_id IS NULL)),
    CONSTRAINT resolution_rules_product_id_check CHECK (product_id IS NULL OR scope_type IN ('SERIAL', 'BATCH', 'PRODUCT')),
    CONSTRAINT resolution_rules_custom_url_check CHECK ((destination_type = 'CUSTOM_URL') = (custom_url IS NOT NULL)),
    CONSTRAINT resolution_rules_absolute_window_check
        CHECK (absolute_start_at IS NULL OR absolute_end_at IS NULL OR absolute_start_at < absolute_end_at),
    CONSTRAINT resolution_rules_annual_window_check CHECK ((annual_start_mmdd IS NULL) = (annual_end_mmdd IS NULL)),
    CONSTRAINT resolution_rules_time_of_day_check CHECK ((time_of_day_start IS NULL) = (time_of_day_end IS NULL)
        AND (time_of_day_start IS NULL OR time_of_day_start <> time_of_day_end)),
    -- One rule per place in a bucket. NULLS NOT DISTINCT: the ORGANIZATION bucket has scope_id NULL.
    -- DEFERRABLE so a reorder can swap two rules' places inside one transaction.
    CONSTRAINT resolution_rules_order_key UNIQUE NULLS NOT DISTINCT (organization_id, scope_type, scope_id, order_index)
        DEFERRABLE INITIALLY IMMEDIATE
);

-- Lists in evaluation order, and the resolver's lookup of one organization's buckets.
CREATE INDEX resolution_rules_evaluation_idx ON catalog.resolution_rules (organization_id, scope_priority, scope_id COLLATE "C", order_index);
-- The URL-health monitor's distinct custom URLs.
CREATE INDEX resolution_rules_custom_url_idx ON catalog.resolution_rules (custom_url) WHERE custom_url IS NOT NULL;
