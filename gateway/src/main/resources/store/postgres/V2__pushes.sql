-- V2: the push ledger, as SQLite's V2. One row per push whose signature verified, written
-- (consuming its nonce) before the push is applied and completed with its run after. Rows are
-- never deleted: the nonce stays consumed across restarts and replicas, and the province's
-- signature and body stay available so anyone can re-verify what a push published.
CREATE TABLE pushes (
  push_id        TEXT    PRIMARY KEY,
  province_code  TEXT    NOT NULL,
  received_at    BIGINT  NOT NULL,
  push_timestamp TEXT    NOT NULL,
  nonce          TEXT    NOT NULL,
  body_sha256    TEXT    NOT NULL,
  key_id         TEXT    NOT NULL,
  signature      BYTEA   NOT NULL,
  body           BYTEA   NOT NULL,
  outcome        TEXT,
  run_id         BIGINT,
  first_seq      BIGINT  NOT NULL DEFAULT 0,
  last_seq       BIGINT  NOT NULL DEFAULT 0,
  error          TEXT,
  UNIQUE (province_code, nonce)
);
CREATE INDEX pushes_by_first_seq ON pushes (first_seq);
