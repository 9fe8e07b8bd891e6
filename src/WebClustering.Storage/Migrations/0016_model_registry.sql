-- The model registry: every model has a name within its tenant (by default its dataset's) and a version number within
-- that name (1, 2, ... in the order the models were registered), aliases (production, staging, ...) that point at one
-- version of a name and move, and the model it was fine-tuned from (training.initFrom), kept as lineage.
ALTER TABLE models
    ADD COLUMN tenant_id uuid REFERENCES tenants (id),
    ADD COLUMN name      text,
    ADD COLUMN version   integer,
    -- A deleted parent leaves its children standing: they hold their own weights. The job's plan keeps the parent's id.
    ADD COLUMN parent_id uuid REFERENCES models (id) ON DELETE SET NULL;

-- Models registered before names existed: their dataset's name, numbered in registration order.
UPDATE models m SET tenant_id = v.tenant_id, name = v.name, version = v.version
FROM (
    SELECT m2.id, j.tenant_id, d.name,
           row_number() OVER (PARTITION BY j.tenant_id, d.name ORDER BY m2.created_at, m2.id)::integer AS version
    FROM models m2 JOIN jobs j ON j.id = m2.job_id JOIN datasets d ON d.id = m2.dataset_id
) v
WHERE v.id = m.id;

ALTER TABLE models ALTER COLUMN tenant_id SET NOT NULL, ALTER COLUMN name SET NOT NULL, ALTER COLUMN version SET NOT NULL;
CREATE UNIQUE INDEX models_tenant_name_version ON models (tenant_id, name, version);
CREATE INDEX models_parent ON models (parent_id) WHERE parent_id IS NOT NULL;

-- An alias names one version of a model name; moving it rewrites the row. Deleting the model drops its aliases.
CREATE TABLE model_aliases (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    name       text NOT NULL,
    alias      text NOT NULL,
    model_id   uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name, alias)
);
CREATE INDEX model_aliases_model ON model_aliases (model_id);

-- What a tenant stores (see 0015) now counts model names and aliases too.
CREATE OR REPLACE VIEW tenant_storage AS
SELECT t.id AS tenant_id, coalesce(sum(s.rows), 0)::bigint AS stored_rows, coalesce(sum(s.bytes), 0)::bigint AS stored_bytes
FROM tenants t LEFT JOIN (
    SELECT d.tenant_id, d.row_count::bigint AS rows,
           (24 + pg_column_size(d.name) + pg_column_size(d.feature_names) + coalesce(pg_column_size(d.table_encoding), 0))::bigint AS bytes
    FROM datasets d
    UNION ALL
    SELECT d.tenant_id, 0, (24 + 20 + pg_column_size(r.item_id) + coalesce(pg_column_size(r.label), 0) + pg_column_size(r.features))::bigint
    FROM datasets d JOIN dataset_rows r ON r.dataset_id = d.id
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 100 + pg_column_size(j.config) + coalesce(pg_column_size(j.error), 0))::bigint
    FROM jobs j
    UNION ALL
    SELECT j.tenant_id, 0, (24 + pg_column_size(x.centroids) + pg_column_size(x.metrics) + pg_column_size(x.epoch_losses)
           + pg_column_size(x.model) + coalesce(pg_column_size(x.clustering_model), 0) + coalesce(pg_column_size(x.preprocessing), 0))::bigint
    FROM jobs j JOIN job_results x ON x.job_id = j.id
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 28 + pg_column_size(e.item_id) + pg_column_size(e.latent))::bigint
    FROM jobs j JOIN job_embeddings e ON e.job_id = j.id
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 32 + pg_column_size(c.vectors) + pg_column_size(c.clusters) + pg_column_size(c.item_ids))::bigint
    FROM jobs j JOIN job_embedding_chunks c ON c.job_id = j.id
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 24 + pg_column_size(p.name) + pg_column_size(p.png))::bigint
    FROM jobs j JOIN job_plots p ON p.job_id = j.id
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 28 + pg_column_size(v.kind) + pg_column_size(v.data))::bigint
    FROM jobs j JOIN job_events v ON v.job_id = j.id
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 44)::bigint
    FROM jobs j JOIN job_epochs h ON h.job_id = j.id
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 32 + pg_column_size(k.state) + coalesce(pg_column_size(k.scaler), 0))::bigint
    FROM jobs j JOIN job_checkpoints k ON k.job_id = j.id
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 76 + pg_column_size(m.name))::bigint
    FROM jobs j JOIN models m ON m.job_id = j.id
    UNION ALL
    SELECT a.tenant_id, 0, (24 + 24 + pg_column_size(a.name) + pg_column_size(a.alias))::bigint
    FROM model_aliases a
) s ON s.tenant_id = t.id
GROUP BY t.id;
