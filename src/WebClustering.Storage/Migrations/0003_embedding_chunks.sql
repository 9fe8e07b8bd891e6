-- A finished job's embeddings also stored in chunks of consecutive rows: vectors as little-endian float32, clusters
-- as int32, ids as UTF-8 lines (backslash, CR and LF escaped). Bulk readers (exports, the similar-items index)
-- stream these bytes instead of decoding a row at a time; job_embeddings serves reads of single rows.
CREATE TABLE job_embedding_chunks (
    job_id    uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    chunk     integer NOT NULL,
    first_row integer NOT NULL,
    row_count integer NOT NULL,
    dims      integer NOT NULL,
    vectors   bytea NOT NULL,
    clusters  bytea NOT NULL,
    item_ids  bytea NOT NULL,
    PRIMARY KEY (job_id, chunk)
);
