-- The fitted clustering (ClusteringModel JSON: centres, mixture, or reference rows and labels) that places new rows
-- in a job's clusters. Null for jobs finished before it was stored: their centroids (k-means) are used instead.
ALTER TABLE job_results ADD COLUMN clustering_model jsonb;
