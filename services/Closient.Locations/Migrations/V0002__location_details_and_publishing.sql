-- Structured address, contact e-mail, opening hours with their time zone, and publication.
-- Existing rows stay published: until now every location was discoverable as soon as it was created.
ALTER TABLE locations.locations
    ADD COLUMN address_line1 text NOT NULL DEFAULT '',
    ADD COLUMN address_line2 text NOT NULL DEFAULT '',
    ADD COLUMN city text NOT NULL DEFAULT '',
    ADD COLUMN region text NOT NULL DEFAULT '',
    ADD COLUMN postal_code text NOT NULL DEFAULT '',
    ADD COLUMN country text NOT NULL DEFAULT '',
    ADD COLUMN email text NOT NULL DEFAULT '',
    ADD COLUMN hours jsonb NOT NULL DEFAULT '{"mon": [], "tue": [], "wed": [], "thu": [], "fri": [], "sat": [], "sun": []}',
    ADD COLUMN timezone text NOT NULL DEFAULT '',
    ADD COLUMN is_published boolean NOT NULL DEFAULT true;

-- Nearby and the public locator only ever look at published locations.
DROP INDEX locations.locations_point_idx;
CREATE INDEX locations_published_point_idx ON locations.locations USING gist (point) WHERE is_published;

-- Organization names for the public locator's "organization" block, from accounts' OrganizationCreated.
CREATE TABLE locations.organizations (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL
);
