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

