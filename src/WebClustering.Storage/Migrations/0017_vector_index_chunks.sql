-- An embedding set's approximate-search (HNSW) index per metric, built once by the job and loaded by any API
-- process. The serialized index passes the 1 GB a bytea value may hold at a few million items, so it is stored in
-- chunks (64 MiB each, in order); job_vector_indexes says how many there are and how long the whole is, and is
-- written in the same transaction, so a listed index is always complete.
CREATE TABLE job_vector_indexes (
    job_id        uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    metric        text NOT NULL,
    item_count    integer NOT NULL,
    dims          integer NOT NULL,
    byte_count    bigint NOT NULL,
    chunk_count   integer NOT NULL,
    build_seconds double precision NOT NULL,
    PRIMARY KEY (job_id, metric)
);

CREATE TABLE job_vector_index_chunks (
    job_id   uuid NOT NULL,
    metric   text NOT NULL,
    chunk_no integer NOT NULL,
    bytes    bytea NOT NULL,
    PRIMARY KEY (job_id, metric, chunk_no),
    FOREIGN KEY (job_id, metric) REFERENCES job_vector_indexes (job_id, metric) ON DELETE CASCADE
);
