-- Antidote schema version 1 (SQLite). Kept column for column in step with
-- ../postgres/0001_initial.sql: one schema, two dialects.

CREATE TABLE antidote_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Resources: written only by import, in one transaction.
CREATE TABLE antidote_resource_curricula (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,          -- CurriculumMeta as JSON
    source      TEXT NOT NULL,          -- directory or git URL imported from
    commit_id   TEXT,                   -- git commit, when imported from git
    tier        TEXT NOT NULL,          -- tier the import kept
    imported_at INTEGER NOT NULL         -- unix milliseconds
);

CREATE TABLE antidote_resource_images (
    slug TEXT PRIMARY KEY,
    body TEXT NOT NULL
);

CREATE TABLE antidote_resource_collections (
    slug TEXT PRIMARY KEY,
    tier TEXT NOT NULL,
    body TEXT NOT NULL
);

CREATE TABLE antidote_resource_lessons (
    slug       TEXT PRIMARY KEY,
    tier       TEXT NOT NULL,
    collection TEXT,
    body       TEXT NOT NULL
);

-- Every file under a lesson directory, content-addressed (BLAKE3) and deduplicated.
CREATE TABLE antidote_resource_blobs (
    hash    TEXT PRIMARY KEY,
    size    INTEGER NOT NULL,
    content BLOB NOT NULL
);

CREATE TABLE antidote_resource_lesson_files (
    lesson_slug TEXT NOT NULL,
    path        TEXT NOT NULL,
    blob        TEXT NOT NULL,
    PRIMARY KEY (lesson_slug, path)
);
CREATE INDEX antidote_resource_lesson_files_blob ON antidote_resource_lesson_files (blob);

-- State: sessions and livelessons, for the API and the scheduler.
CREATE TABLE antidote_state_sessions (
    id             TEXT PRIMARY KEY,
    source_ip      TEXT NOT NULL,
    persistent     BOOLEAN NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL
);
CREATE INDEX antidote_state_sessions_source_ip ON antidote_state_sessions (source_ip);
CREATE INDEX antidote_state_sessions_last_active ON antidote_state_sessions (last_active_at);

CREATE TABLE antidote_state_livelessons (
    id               TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES antidote_state_sessions (id) ON DELETE CASCADE,
    lesson_slug      TEXT NOT NULL,
    stage            INTEGER NOT NULL,
    status           TEXT NOT NULL,     -- INITIALIZED, BOOTING, CONFIGURATION, READY, FAILED
    preview          BOOLEAN NOT NULL DEFAULT 0,
    endpoints        TEXT NOT NULL DEFAULT '[]',   -- JSON: hosts and ports
    objectives       TEXT NOT NULL DEFAULT '[]',   -- JSON: objective statuses
    error            TEXT,
    owner            TEXT,              -- scheduler replica working on it
    lease_expires_at INTEGER,            -- unix milliseconds
    delete_requested_at INTEGER,         -- unix milliseconds: its deletion was asked for (learner, admin, gc)
    delete_reason    TEXT,              -- why
    created_at       INTEGER NOT NULL,
    last_active_at   INTEGER NOT NULL,
    UNIQUE (session_id, lesson_slug)
);
-- gc: idle livelessons; scheduler: expired leases, work by status, deletions asked for.
CREATE INDEX antidote_state_livelessons_last_active ON antidote_state_livelessons (last_active_at);
CREATE INDEX antidote_state_livelessons_lease ON antidote_state_livelessons (status, lease_expires_at);
