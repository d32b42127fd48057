-- Local search filters (issue #6): effective prices (promotions), retailers, certifications and
-- online alternatives.

-- In-store offers: the retailer (OfferUpserted.RetailerId) and the effective price. Prices are kept in
-- major units as exact numerics (price_amount is the list price as published); effective_price_amount
-- is EffectivePriceMinor converted with the currency's ISO 4217 exponent, or the list price when the
-- publisher did not send it. Price filters and the price tie-break use effective_price_amount.
ALTER TABLE search.offers
    ADD COLUMN retailer_id uuid NULL,
    ADD COLUMN effective_price_amount numeric NULL;
UPDATE search.offers SET effective_price_amount = price_amount WHERE effective_price_amount IS NULL;

-- Certification and claim codes (ProductUpserted.Certifications, lower case); `certification=` filters
-- require all of them (@>), which the GIN index serves.
ALTER TABLE search.products ADD COLUMN certifications text[] NOT NULL DEFAULT '{}';
CREATE INDEX products_certifications_idx ON search.products USING gin (certifications);

-- Online offers (OfferKind = online): keyed by their online store, no location. Shown only as
-- online alternatives when nothing local passes the relevance gate. Same version rules as offers.
CREATE TABLE search.online_offers (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL,
    online_store_id uuid NULL,
    organization_id uuid NOT NULL,
    retailer_id uuid NULL,
    sku text NOT NULL DEFAULT '',
    price_amount numeric NULL,
    effective_price_amount numeric NULL,
    currency text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT '',
    quantity_on_hand int NULL,
    source text NOT NULL DEFAULT '',
    last_inventory_sync timestamptz NULL,
    updated_at timestamptz NOT NULL,
    removed_at timestamptz NULL);
CREATE INDEX online_offers_product_idx ON search.online_offers (product_id) WHERE removed_at IS NULL;
