-- Trait preferences of a user (spec/accounts.md "Identity"): what a shopper avoids, requires or prefers.
-- Read through the API; written by the dashboard (not built yet) — the search service will read them
-- for dietary filters.
CREATE TABLE accounts.user_preferences (
    user_id uuid NOT NULL REFERENCES accounts.users (id) ON DELETE CASCADE,
    trait text NOT NULL CHECK (trait ~ '^[a-z0-9_]{1,64}$'),
    trait_label text NOT NULL CHECK (length(trait_label) BETWEEN 1 AND 255),
    category text NOT NULL CHECK (category IN ('ALLERGEN', 'DIETARY', 'RELIGIOUS', 'SOURCING')),
    stance text NOT NULL CHECK (stance IN ('AVOID', 'REQUIRE', 'PREFER', 'NEUTRAL')),
    updated timestamptz NOT NULL,
    PRIMARY KEY (user_id, trait)
);
