-- Whether the promotion counted (active and running) in the offer's last published OfferUpserted: the
-- promotion sweeper re-publishes an offer when a window opened or closed since (the effective price in
-- its events changed). Existing promotions start as "not counted", so the first sweep publishes the
-- offers of those running now.
ALTER TABLE offers.promotions ADD COLUMN published_running boolean NOT NULL DEFAULT false;
