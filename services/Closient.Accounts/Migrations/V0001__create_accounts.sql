CREATE TABLE accounts.users (
    id uuid PRIMARY KEY,
    email text NOT NULL CHECK (email = lower(email)),
    name text NOT NULL DEFAULT '',
    metadata jsonb NOT NULL DEFAULT '{}',
    created timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON accounts.users (email);

CREATE TABLE accounts.organizations (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    country char(2) NOT NULL,
    is_brand boolean NOT NULL DEFAULT false,
    metadata jsonb NOT NULL DEFAULT '{}',
    created timestamptz NOT NULL
);

CREATE TABLE accounts.memberships (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES accounts.organizations (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES accounts.users (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('owner', 'manager', 'editor', 'billing', 'viewer')),
    created timestamptz NOT NULL,
    UNIQUE (organization_id, user_id)
);
CREATE INDEX memberships_user_idx ON accounts.memberships (user_id);

-- Org keys (csb, cpk) belong to an organization and carry a role; user keys (csu) belong to a user
-- and act with that user's memberships, so they have neither.
CREATE TABLE accounts.api_keys (
    id uuid PRIMARY KEY,
    organization_id uuid NULL REFERENCES accounts.organizations (id) ON DELETE CASCADE,
    user_id uuid NULL REFERENCES accounts.users (id) ON DELETE CASCADE,
    key_type text NOT NULL CHECK (key_type IN ('csb', 'csu', 'cpk')),
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    role text NULL CHECK (role IN ('manager', 'editor', 'readonly')),
    metadata jsonb NOT NULL DEFAULT '{}',
    key_hash text NOT NULL UNIQUE,
    last_four text NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    expires_at timestamptz NULL,
    rate_limit_per_minute int NOT NULL DEFAULT 0 CHECK (rate_limit_per_minute >= 0),
    rate_limit_per_day int NOT NULL DEFAULT 0 CHECK (rate_limit_per_day >= 0),
    last_used_at timestamptz NULL,
    created timestamptz NOT NULL,
    CHECK (CASE WHEN key_type = 'csu' THEN organization_id IS NULL AND user_id IS NOT NULL AND role IS NULL
                ELSE organization_id IS NOT NULL AND role IS NOT NULL END)
);
CREATE INDEX api_keys_organization_idx ON accounts.api_keys (organization_id, id);
CREATE INDEX api_keys_user_idx ON accounts.api_keys (user_id);
