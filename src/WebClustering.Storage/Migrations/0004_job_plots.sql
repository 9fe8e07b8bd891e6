-- PNG plots drawn once when a job finishes, written in the same transaction as its results.
CREATE TABLE job_plots (
    job_id     uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    name       text NOT NULL,
    png        bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, name)
);
