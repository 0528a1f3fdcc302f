-- Events that report a state change (LiveLessonReady, LiveLessonFailed, ObjectiveComplete),
-- written in the transaction of the change and published from here at least once: a row is
-- claimed by one publisher for a while (claimed_by, claimed_until), published, then deleted.
CREATE TABLE antidote_state_outbox (
    id            TEXT PRIMARY KEY,     -- the event id, also in the event (event_id)
    subject       TEXT NOT NULL,        -- below the instance prefix, e.g. livelessons.ready
    payload       TEXT NOT NULL,        -- the event as JSON
    traceparent   TEXT,                 -- the W3C trace context to send it with
    created_at    BIGINT NOT NULL,      -- unix milliseconds
    claimed_by    TEXT,                 -- the publisher publishing it now
    claimed_until BIGINT                -- until when (unix milliseconds)
);
CREATE INDEX antidote_state_outbox_created ON antidote_state_outbox (created_at);
