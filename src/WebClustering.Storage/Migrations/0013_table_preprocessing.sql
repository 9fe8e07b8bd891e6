-- How a CSV table's raw columns became the dataset's features (TableEncoding JSON: columns in file order, numeric or
-- categorical, categories, means and medians, the first empty cell). Null for other formats and older datasets.
ALTER TABLE datasets ADD COLUMN table_encoding jsonb;
-- The preprocessing a model applies to raw rows (FittedPreprocessing JSON: for CSV tables the fill values the job used
-- and the one-hot categories, then the scaler), as in its model file. Null for models trained before it was kept.
ALTER TABLE job_results ADD COLUMN preprocessing jsonb;
