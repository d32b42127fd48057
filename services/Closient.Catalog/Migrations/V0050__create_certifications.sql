-- Certification bodies, certification definitions (platform and organization-private), their
-- assignments to products, and marketing claims on products (spec/catalog.md §6).

-- Who certifies (inferred: name, website, country). Shared by every definition that names it.
CREATE TABLE catalog.certification_bodies (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    website text NOT NULL DEFAULT '',
    country text NOT NULL DEFAULT '' CHECK (country ~ '^([A-Z]{2})?$'),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX certification_bodies_name_key ON catalog.certification_bodies (lower(name));

-- organization_id NULL = a platform definition (code unique among platform rows); otherwise private to
-- that organization (code unique within it).
CREATE TABLE catalog.certifications (
    id uuid PRIMARY KEY,
    organization_id uuid NULL,
    code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_]{0,49}$'),
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 255),
    description text NOT NULL DEFAULT '',
    url text NOT NULL DEFAULT '',
    logo_url text NULL,
    certification_body_id uuid NULL REFERENCES catalog.certification_bodies (id),
    program text NOT NULL DEFAULT '',
    standard text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX certifications_platform_code_key ON catalog.certifications (code) WHERE organization_id IS NULL;
CREATE UNIQUE INDEX certifications_private_code_key ON catalog.certifications (organization_id, code) WHERE organization_id IS NOT NULL;
CREATE INDEX certifications_label_idx ON catalog.certifications (label, id);

-- A certification a product holds. expiration_date ends the validity window (is_active); the API
-- echoes it as expiry_date too.
CREATE TABLE catalog.product_certifications (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL REFERENCES catalog.products (id) ON DELETE CASCADE,
    certification_id uuid NOT NULL REFERENCES catalog.certifications (id),
    metadata jsonb NOT NULL DEFAULT '{}',
    valid_from date NULL,
    expiration_date date NULL,
    certificate_number text NOT NULL DEFAULT '',
    issuing_body text NOT NULL DEFAULT '',
    verification_url text NOT NULL DEFAULT '',
    verification_status text NOT NULL DEFAULT 'unverified' CHECK (verification_status IN ('unverified', 'verified', 'expired')),
    scope text NOT NULL DEFAULT '',
    certification_value text NOT NULL DEFAULT '',
    audit_date date NULL,
    initial_certification_date date NULL,
    certificate_countries text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    modified_at timestamptz NOT NULL,
    CONSTRAINT product_certifications_product_certification_key UNIQUE (product_id, certification_id)
);
CREATE INDEX product_certifications_certification_idx ON catalog.product_certifications (certification_id);

-- Marketing claims ("Non-GMO", "Gluten free"), one per code per product.
CREATE TABLE catalog.product_claims (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL REFERENCES catalog.products (id) ON DELETE CASCADE,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_]{0,49}$'),
    category text NOT NULL CHECK (category IN ('DIETARY', 'INGREDIENT_ABSENCE', 'ALLERGEN_FREE', 'PROCESS', 'SUSTAINABILITY', 'OTHER')),
    source text NOT NULL CHECK (source IN ('BRAND_SELF_DECLARED', 'THIRD_PARTY_VERIFIED')),
    metadata jsonb NOT NULL DEFAULT '{}',
    valid_from date NULL,
    expiration_date date NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT product_claims_product_code_key UNIQUE (product_id, code)
);

-- Platform definitions everyone may assign. Fixed ids so environments agree on them.
INSERT INTO catalog.certification_bodies (id, name, website, country) VALUES
    ('01936b2e-0000-7000-8000-000000000001', 'USDA Agricultural Marketing Service', 'https://www.ams.usda.gov', 'US'),
    ('01936b2e-0000-7000-8000-000000000002', 'Fair Trade USA', 'https://www.fairtradecertified.org', 'US'),
    ('01936b2e-0000-7000-8000-000000000003', 'The Non-GMO Project', 'https://www.nongmoproject.org', 'US'),
    ('01936b2e-0000-7000-8000-000000000004', 'Marine Stewardship Council', 'https://www.msc.org', 'GB'),
    ('01936b2e-0000-7000-8000-000000000005', 'Rainforest Alliance', 'https://www.rainforest-alliance.org', 'NL'),
    ('01936b2e-0000-7000-8000-000000000006', 'Gluten Intolerance Group', 'https://gfco.org', 'US');

INSERT INTO catalog.certifications (id, organization_id, code, label, description, url, certification_body_id, program, standard) VALUES
    ('01936b2e-0001-7000-8000-000000000001', NULL, 'USDA_ORGANIC', 'USDA Organic',
     'Produced under the USDA National Organic Program.', 'https://www.ams.usda.gov/about-ams/programs-offices/national-organic-program',
     '01936b2e-0000-7000-8000-000000000001', 'National Organic Program', '7 CFR Part 205'),
    ('01936b2e-0001-7000-8000-000000000002', NULL, 'FAIR_TRADE_USA', 'Fair Trade Certified',
     'Made according to Fair Trade USA standards.', 'https://www.fairtradecertified.org',
     '01936b2e-0000-7000-8000-000000000002', 'Fair Trade Certified', 'Agricultural Production Standard'),
    ('01936b2e-0001-7000-8000-000000000003', NULL, 'NON_GMO_PROJECT', 'Non-GMO Project Verified',
     'Verified against the Non-GMO Project Standard.', 'https://www.nongmoproject.org',
     '01936b2e-0000-7000-8000-000000000003', 'Product Verification Program', 'Non-GMO Project Standard'),
    ('01936b2e-0001-7000-8000-000000000004', NULL, 'MSC', 'MSC Certified Sustainable Seafood',
     'Wild seafood from a fishery certified to the MSC Fisheries Standard.', 'https://www.msc.org',
     '01936b2e-0000-7000-8000-000000000004', 'MSC Chain of Custody', 'MSC Fisheries Standard'),
    ('01936b2e-0001-7000-8000-000000000005', NULL, 'RAINFOREST_ALLIANCE', 'Rainforest Alliance Certified',
     'Produced on farms certified to the Rainforest Alliance standard.', 'https://www.rainforest-alliance.org',
     '01936b2e-0000-7000-8000-000000000005', 'Rainforest Alliance Certification', 'Sustainable Agriculture Standard'),
    ('01936b2e-0001-7000-8000-000000000006', NULL, 'GLUTEN_FREE_GFCO', 'Certified Gluten-Free',
     'Certified by the Gluten-Free Certification Organization.', 'https://gfco.org',
     '01936b2e-0000-7000-8000-000000000006', 'GFCO', 'GFCO Standard');
