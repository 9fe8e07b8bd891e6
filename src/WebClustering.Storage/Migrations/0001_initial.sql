-- Datasets: one row per upload; the rows themselves live in dataset_rows, features as real[].
CREATE TABLE datasets (
    id            uuid PRIMARY KEY,
    name          text NOT NULL,
    row_count     integer NOT NULL,
    feature_names text[] NOT NULL,
    id_column     text,
    label_column  text,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dataset_rows (
    dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    row_index  integer NOT NULL,
    item_id    text NOT NULL,
    label      text,
    features   real[] NOT NULL,
    PRIMARY KEY (dataset_id, row_index)
);
CREATE UNIQUE INDEX dataset_rows_item_id ON dataset_rows (dataset_id, item_id);

CREATE TABLE jobs (
    id                uuid PRIMARY KEY,
    dataset_id        uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    config            jsonb NOT NULL,
    state             text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress          real NOT NULL DEFAULT 0,
    epoch             integer NOT NULL DEFAULT 0,
    epochs            integer NOT NULL,
    loss              double precision,
    error             text,
    attempts          integer NOT NULL DEFAULT 0,
    background_job_id text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz
);
CREATE INDEX jobs_created ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_state_created ON jobs (state, created_at DESC, id DESC);
CREATE INDEX jobs_dataset ON jobs (dataset_id);

-- Written once, in the same transaction that marks the job succeeded.
CREATE TABLE job_results (
    job_id        uuid PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    k             integer NOT NULL,
    latent_dim    integer NOT NULL,
    centroids     real[] NOT NULL,
    cluster_sizes integer[] NOT NULL,
    metrics       jsonb NOT NULL,
    epoch_losses  double precision[] NOT NULL,
    model         bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE job_embeddings (
    job_id    uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    row_index integer NOT NULL,
    item_id   text NOT NULL,
    cluster   integer NOT NULL,
    latent    real[] NOT NULL,
    PRIMARY KEY (job_id, row_index)
);
