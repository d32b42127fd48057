-- Offers now carry inventory freshness (OfferUpserted.LastInventorySync, issue #5): kept so that
-- stale_inventory (last sync older than 48 h) is computed when a search runs, not when the event was
-- written. store_id stays the location id (OfferUpserted.LocationId; older events sent it as
-- PhysicalStoreId). physical_store_id is the offers service's store resource, for reference.
ALTER TABLE search.offers
    ADD COLUMN last_inventory_sync timestamptz NULL,
    ADD COLUMN physical_store_id uuid NULL;
