-- The scaling a checkpoint's training rows went through (JSON), so that a running job's latent map can encode raw
-- rows with the checkpoint's weights. Null for checkpoints written before it existed.
ALTER TABLE job_checkpoints ADD COLUMN IF NOT EXISTS scaler jsonb;
