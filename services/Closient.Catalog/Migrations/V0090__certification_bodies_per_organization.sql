-- Organization-private certification bodies (issue #4): organization_id NULL = a platform body (read-only through the
-- API), otherwise private to that organization. Names are unique case-insensitively among platform bodies and
-- within one organization.
ALTER TABLE catalog.certification_bodies
    ADD COLUMN organization_id uuid NULL,
    ADD COLUMN modified_at timestamptz NOT NULL DEFAULT now();
DROP INDEX catalog.certification_bodies_name_key;
CREATE UNIQUE INDEX certification_bodies_platform_name_key ON catalog.certification_bodies (lower(name)) WHERE organization_id IS NULL;
CREATE UNIQUE INDEX certification_bodies_private_name_key ON catalog.certification_bodies (organization_id, lower(name)) WHERE organization_id IS NOT NULL;
