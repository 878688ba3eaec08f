-- V4: licence outcomes (许可成果). Numbered 4: V3 is the subscriptions' migration.
--
-- outcome_events: one row per published outcome event. seq is the outcome feed's own gap-free
-- counter from 1; log_index comes from meta's next_log_index, shared with listing events, so the
-- transparency log's leaves interleave both kinds. is_current is 1 on the newest event of each
-- outcome_id (what /v1/outcomes lists). contract_date is ISO text (yyyy-mm-dd: sorts as text);
-- content_hash is over the report's fields, so an unchanged re-report publishes nothing; avro is
-- the sealed OutcomeEvent.
CREATE TABLE outcome_events (
  seq           INTEGER PRIMARY KEY,
  log_index     INTEGER NOT NULL UNIQUE,
  outcome_id    TEXT    NOT NULL,
  listing_id    TEXT    NOT NULL,
  province_code TEXT    NOT NULL,
  licensee_kind TEXT    NOT NULL,
  contract_date TEXT    NOT NULL,
  content_hash  TEXT    NOT NULL,
  is_current    INTEGER NOT NULL,
  at            INTEGER NOT NULL,
  avro          BLOB    NOT NULL
);
CREATE INDEX outcome_events_by_id ON outcome_events (outcome_id, is_current);
CREATE INDEX outcome_events_by_province ON outcome_events (province_code, seq);
CREATE INDEX outcome_events_by_listing ON outcome_events (listing_id, seq);

-- Outcome reports kept out of publication: the report's fields as received (JSON object of
-- text) and every finding (JSON array, as in quarantine).
CREATE TABLE outcome_quarantine (
  outcome_id    TEXT    PRIMARY KEY,
  province_code TEXT    NOT NULL,
  listing_id    TEXT,
  fields        TEXT    NOT NULL,
  findings      TEXT    NOT NULL,
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL
);
CREATE INDEX outcome_quarantine_by_province ON outcome_quarantine (province_code, last_seen);
CREATE INDEX outcome_quarantine_by_last_seen ON outcome_quarantine (last_seen);
