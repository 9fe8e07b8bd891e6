-- Per-tenant quota overrides, the admin audit log, and what each tenant stores.

-- A null column means "the service's default" (WebClustering:Quotas:*); 0 means unlimited for this tenant.
CREATE TABLE tenant_quotas (
    tenant_id       uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    concurrent_jobs integer CHECK (concurrent_jobs >= 0),
    stored_bytes    bigint CHECK (stored_bytes >= 0),
    stored_rows     bigint CHECK (stored_rows >= 0),
    upload_bytes    bigint CHECK (upload_bytes >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Admin actions: who (the admin key's fingerprint or the command line's user), what (action and target), when.
-- The target is text, not a foreign key: an entry outlives the tenant or key it names (deleting a tenant is audited).
CREATE TABLE admin_audit (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL DEFAULT now(),
    actor  text NOT NULL,
    client text,
    action text NOT NULL,
    target text,
    detail jsonb
);

-- What each tenant stores: the view tenant_storage, in 0019 (after every table it counts).
