-- Search speed (issue #6, docs/search-benchmark.md). Local search walks the stores within the radius
-- nearest first (KNN on stores_location_idx) and reads each store's offers from this covering index: every
-- column the walk filters and ranks on is in it (status, quantity, effective price, retailer, last check,
-- id and product), so a common word's walk never reads an offer row until its page of results is chosen,
-- and a store's ~50 offers are a page or two of index instead of ~50 scattered heap pages. It replaces
-- offers_store_idx for every query, so that one is dropped.
CREATE INDEX IF NOT EXISTS offers_store_cover_idx ON search.offers (store_id)
    INCLUDE (id, product_id, status, quantity_on_hand, effective_price_amount, retailer_id, updated_at)
    WHERE removed_at IS NULL;
DROP INDEX IF EXISTS search.offers_store_idx;
