-- The checker's hold on a livelesson (independent of the scheduler's), and the stage whose
-- objectives are all complete (or that has none): nothing is left to check there.
ALTER TABLE antidote_state_livelessons ADD COLUMN check_owner TEXT;
ALTER TABLE antidote_state_livelessons ADD COLUMN check_lease_expires_at BIGINT;
ALTER TABLE antidote_state_livelessons ADD COLUMN checked_stage INTEGER;
