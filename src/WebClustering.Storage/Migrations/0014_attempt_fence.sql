-- The fencing token of a job's attempts, apart from the attempts it counts. Every start of an attempt takes a new
-- fence (runs), and only the attempt holding the latest fence may write progress, events, checkpoints or results.
-- jobs.attempts counts only the attempts that used up one of MaxAttempts: a graceful hand-back (a worker stopping
-- for a restart) gives its attempt back, while a crash or a fault keeps it.
ALTER TABLE jobs ADD COLUMN fence integer NOT NULL DEFAULT 0;
UPDATE jobs SET fence = attempts;
ALTER TABLE job_checkpoints RENAME COLUMN attempt TO fence;
