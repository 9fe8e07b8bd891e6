-- The first response to each Idempotency-Key, replayed when a client retries the same request.
CREATE TABLE idempotency_keys (
    scope        text NOT NULL,
    key          text NOT NULL,
    fingerprint  text NOT NULL,
    status       integer,          -- null while the first request is still being processed
    location     text,
    content_type text,
    body         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
