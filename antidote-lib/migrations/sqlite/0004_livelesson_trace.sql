-- The W3C trace context (`traceparent`) of the request that created a livelesson or last
-- changed its stage: the checker's checks continue that trace. NULL: none was recorded (a
-- livelesson made before this column, or by a tool), and checks start traces of their own.
ALTER TABLE antidote_state_livelessons ADD COLUMN traceparent TEXT;
