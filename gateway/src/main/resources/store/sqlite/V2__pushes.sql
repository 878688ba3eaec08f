-- V2: the push ledger. One row per push whose signature verified, written (consuming its nonce)
-- before the push is applied and completed with its run after. Rows are never deleted: the
-- nonce stays consumed across restarts, and the province's signature and body stay available
-- so anyone can re-verify what a push published.
--
-- push_timestamp is X-Push-Timestamp exactly as signed (text, not an instant: the signed bytes
-- must be reproducible); signature is the decoded province signature; key_id the first 16 hex of
-- SHA-256 over the province key's SPKI DER. outcome is NULL while the push is being applied;
-- first_seq and last_seq are 0 unless it published events (a run's events are contiguous).
CREATE TABLE pushes (
  push_id        TEXT    PRIMARY KEY,
  province_code  TEXT    NOT NULL,
  received_at    INTEGER NOT NULL,
  push_timestamp TEXT    NOT NULL,
  nonce          TEXT    NOT NULL,
  body_sha256    TEXT    NOT NULL,
  key_id         TEXT    NOT NULL,
  signature      BLOB    NOT NULL,
  body           BLOB    NOT NULL,
  outcome        TEXT,
  run_id         INTEGER,
  first_seq      INTEGER NOT NULL DEFAULT 0,
  last_seq       INTEGER NOT NULL DEFAULT 0,
  error          TEXT,
  UNIQUE (province_code, nonce)
);
CREATE INDEX pushes_by_first_seq ON pushes (first_seq);
