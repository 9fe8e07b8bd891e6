-- The loss curve of a job's training: one row per epoch run (fewer than asked for when early stopping ended it).
CREATE TABLE job_epochs (
    job_id          uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    epoch           integer NOT NULL,
    training_loss   double precision NOT NULL,
    validation_loss double precision,
    learning_rate   double precision NOT NULL,
    PRIMARY KEY (job_id, epoch)
);
