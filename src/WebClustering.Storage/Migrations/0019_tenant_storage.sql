-- What each tenant stores, computed from its rows when asked (no counter to keep in step). Bytes are the values'
-- sizes as stored (pg_column_size: after compression; a TOASTed value's stored size is read from its pointer
-- without fetching it, which keeps this at about 0.1 us a row: 6 ms for 70,000 Fashion-MNIST rows, where summing
-- whole rows (r.*) detoasts every value and took 390 ms), plus 24 bytes of tuple header a row; indexes and free
-- space are not counted. Rows are the dataset rows uploaded. A table that stores a tenant's data adds its line here
-- (CREATE OR REPLACE VIEW in its migration). Encoding jobs' sets are in the job_id tables already.
CREATE VIEW tenant_storage AS
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
           + coalesce(pg_column_size(x.model), 0) + coalesce(pg_column_size(x.clustering_model), 0) + coalesce(pg_column_size(x.preprocessing), 0))::bigint
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
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 48 + pg_column_size(x.metric))::bigint
    FROM jobs j JOIN job_vector_indexes x ON x.job_id = j.id
    UNION ALL
    SELECT j.tenant_id, 0, (24 + 20 + pg_column_size(c.metric) + pg_column_size(c.bytes))::bigint
    FROM jobs j JOIN job_vector_index_chunks c ON c.job_id = j.id
) s ON s.tenant_id = t.id
GROUP BY t.id;
