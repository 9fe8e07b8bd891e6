-- Encoding jobs: a job of its own kind that encodes every row of a dataset with a registered model (its fitted
-- preprocessing and clustering) and stores the results as a training job's are, registering no model. Deleting the
-- model (with its training job) deletes the encoding sets made from it. Their results live in the tables that have
-- a job_id already, which tenant_storage counts through jobs: the view needs no change.
ALTER TABLE jobs
    ADD COLUMN kind     text NOT NULL DEFAULT 'training' CHECK (kind IN ('training', 'encoding')),
    ADD COLUMN model_id uuid REFERENCES models (id) ON DELETE CASCADE,
    ADD CONSTRAINT jobs_encoding_has_model CHECK ((kind = 'encoding') = (model_id IS NOT NULL));
CREATE INDEX jobs_model ON jobs (model_id) WHERE model_id IS NOT NULL;

-- An encoding job's results hold no model file: the model stays with the training job that registered it.
ALTER TABLE job_results ALTER COLUMN model DROP NOT NULL;
