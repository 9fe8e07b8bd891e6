-- What one item of a dataset is (table, images, sequences) and its shape ([F], [C, H, W] or [T, F]); every row's
-- features are one item flattened row-major. Datasets uploaded before this were all CSV tables.
ALTER TABLE datasets ADD COLUMN kind text NOT NULL DEFAULT 'table' CHECK (kind IN ('table', 'images', 'sequences'));
ALTER TABLE datasets ADD COLUMN item_shape integer[];
UPDATE datasets SET item_shape = ARRAY[cardinality(feature_names)];
ALTER TABLE datasets ALTER COLUMN item_shape SET NOT NULL;
