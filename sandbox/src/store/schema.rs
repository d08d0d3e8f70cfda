//! The SQLite schema. Metadata only: no column ever holds message text.

/// Pragmas applied to every connection.
pub(crate) const CONNECTION_PRAGMAS: &str = "
PRAGMA synchronous = NORMAL;
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -16000;
";

/// Tables and indexes, created when missing.
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per (message, recipient): what listMessages returns, once visible_at_ms is set and past.
CREATE TABLE IF NOT EXISTS message_rows (
    seq INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    source_tn TEXT NOT NULL,
    destination_tn TEXT NOT NULL,
    status TEXT NOT NULL,
    direction TEXT NOT NULL,
    message_type TEXT NOT NULL,
    segment_count INTEGER NOT NULL,
    error_code INTEGER NOT NULL,
    receive_time_ms INTEGER NOT NULL,
    message_length INTEGER NOT NULL,
    message_size INTEGER,
    attachment_count INTEGER,
    recipient_count INTEGER,
    product TEXT,
    calling_country TEXT,
    called_country TEXT,
    visible_at_ms INTEGER
);
CREATE INDEX IF NOT EXISTS message_rows_account_time ON message_rows (account_id, receive_time_ms);
CREATE INDEX IF NOT EXISTS message_rows_message ON message_rows (message_id);

-- The transactional outbox: one row per webhook event, written in the same transaction as the message.
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    callback TEXT NOT NULL,
    event_type TEXT NOT NULL,
    recipient TEXT NOT NULL,
    body BLOB,
    text_elided INTEGER NOT NULL DEFAULT 0,
    listing_seq INTEGER,
    after_id INTEGER,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL,
    due_ms INTEGER NOT NULL,
    first_attempt_ms INTEGER,
    first_failure_ms INTEGER,
    last_result TEXT,
    finished_ms INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (state) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS outbox_message ON outbox (message_id);

-- Every delivery attempt, for the admin API.
CREATE TABLE IF NOT EXISTS attempts (
    outbox_id INTEGER NOT NULL,
    number INTEGER NOT NULL,
    started_ms INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    result TEXT NOT NULL,
    http_status INTEGER,
    challenged INTEGER NOT NULL,
    next_attempt_ms INTEGER,
    PRIMARY KEY (outbox_id, number)
);

CREATE TABLE IF NOT EXISTS media (
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    cache_control TEXT,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (account_id, name)
);

-- Applications created or changed through the admin API (JSON of the application).
CREATE TABLE IF NOT EXISTS applications (
    id TEXT PRIMARY KEY,
    json TEXT NOT NULL
);
";
