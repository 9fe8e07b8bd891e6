-- Tenants and their API keys. Every dataset and job belongs to one tenant; models, results, plots, events and
-- embeddings belong to it through their job. Rows written before tenants existed go to the built-in default tenant,
-- the one that keyless requests map to in anonymous (development) mode.
CREATE TABLE tenants (
    id         uuid PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tenants (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'default');

-- Only a SHA-256 of each key is kept; the prefix (its first characters) lets people tell keys apart.
CREATE TABLE api_keys (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    name       text,
    prefix     text NOT NULL,
    hash       bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);

-- The default fills existing rows only: new rows must name their tenant, so a write that forgets it fails loudly.
ALTER TABLE datasets ADD COLUMN tenant_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001' REFERENCES tenants (id);
ALTER TABLE datasets ALTER COLUMN tenant_id DROP DEFAULT;
ALTER TABLE jobs ADD COLUMN tenant_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001' REFERENCES tenants (id);
ALTER TABLE jobs ALTER COLUMN tenant_id DROP DEFAULT;

CREATE INDEX datasets_tenant_created ON datasets (tenant_id, created_at DESC, id DESC);
CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at DESC, id DESC);
CREATE INDEX jobs_tenant_state_created ON jobs (tenant_id, state, created_at DESC, id DESC);

-- Idempotency keys are scoped by tenant (the scope text starts with it): one tenant's key never replays another's.
UPDATE idempotency_keys SET scope = 'tenant:00000000-0000-0000-0000-000000000001 ' || scope;
