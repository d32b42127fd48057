CREATE TABLE locations.locations (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    name text NOT NULL,
    address text NOT NULL,
    point geography(Point, 4326) NOT NULL,
    currency char(3) NOT NULL,
    phone text NOT NULL,
    website text NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX locations_point_idx ON locations.locations USING gist (point);
CREATE INDEX locations_organization_idx ON locations.locations (organization_id, id);
