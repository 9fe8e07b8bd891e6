-- How badly the model reconstructs each item: the basis of anomaly listings.
ALTER TABLE job_embeddings ADD COLUMN reconstruction_error real;

-- Lookups by item id (single and batch reads, similar items) and by cluster.
CREATE UNIQUE INDEX job_embeddings_item_id ON job_embeddings (job_id, item_id);
CREATE INDEX job_embeddings_cluster ON job_embeddings (job_id, cluster, row_index);

-- The model registry: one model per succeeded job; the file itself stays in job_results.
CREATE TABLE models (
    id         uuid PRIMARY KEY,
    job_id     uuid NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
    dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX models_created ON models (created_at DESC, id DESC);

-- Items embedded by the job (noise points of density-based clusterings belong to no cluster size).
ALTER TABLE job_results ADD COLUMN item_count integer NOT NULL DEFAULT 0;
UPDATE job_results SET item_count = (SELECT count(*) FROM job_embeddings e WHERE e.job_id = job_results.job_id);
