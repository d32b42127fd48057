-- Dietary traits of products (issue #6; spec/search.md §1, §3): what ProductUpserted now carries besides the
-- certification codes. contains_allergens: the catalog's allergen slugs (kebab-case: peanuts, tree-nuts, milk,
-- gluten-cereals, ...) named by the product's ingredients, "may contain" included. allergens_declared: the product
-- declared an ingredient list (false = nothing declared: allergen_data_confidence "low"). substances: substance slugs
-- (Closient.Contracts.Catalog.SubstanceSlugs) the catalog found in the ingredient names. Rows from before this
-- migration have no data until the catalog republishes them (README "Rebuilding the read model").
ALTER TABLE search.products
    ADD COLUMN contains_allergens text[] NOT NULL DEFAULT '{}',
    ADD COLUMN allergens_declared boolean NOT NULL DEFAULT false,
    ADD COLUMN substances text[] NOT NULL DEFAULT '{}';
CREATE INDEX products_contains_allergens_idx ON search.products USING gin (contains_allergens);
CREATE INDEX products_substances_idx ON search.products USING gin (substances);
