-- The latest training checkpoint of each running job, replaced in place. Written only by the attempt that holds
-- the job (attempt = jobs.attempts), removed in the same statement or transaction that ends the job.
CREATE TABLE job_checkpoints (
    job_id   uuid PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    attempt  integer NOT NULL,
    epoch    integer NOT NULL,   -- epochs completed when it was taken
    state    bytea NOT NULL,     -- the trainer's own format: weights, optimiser, history, random states
    saved_at timestamptz NOT NULL DEFAULT now()
);
-- Weights barely compress; store them out of line without spending CPU on trying.
ALTER TABLE job_checkpoints ALTER COLUMN state SET STORAGE EXTERNAL;

-- Which worker process runs (or last ran) the job, and the epoch its latest attempt resumed from (null: from scratch).
ALTER TABLE jobs ADD COLUMN worker text, ADD COLUMN resumed_from_epoch integer;
