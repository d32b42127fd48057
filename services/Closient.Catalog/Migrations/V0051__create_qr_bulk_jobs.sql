-- Bulk QR jobs (spec/catalog.md §5): the request, its state, and the finished zip archive. The archive
-- lives here rather than in object storage (none in this deployment yet); the worker deletes old jobs.
CREATE TABLE catalog.qr_bulk_jobs (
    id uuid PRIMARY KEY,
    requested_by uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    gtin text NOT NULL CHECK (gtin ~ '^[0-9]{14}$'),
    format text NOT NULL CHECK (format IN ('png', 'svg')),
    size int NOT NULL CHECK (size BETWEEN 50 AND 2000),
    items jsonb NOT NULL,
    item_count int NOT NULL CHECK (item_count BETWEEN 1 AND 5000),
    archive bytea NULL,
    error text NULL,
    attempts int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    started_at timestamptz NULL,
    completed_at timestamptz NULL
);
CREATE INDEX qr_bulk_jobs_open_idx ON catalog.qr_bulk_jobs (created_at) WHERE status IN ('pending', 'running');
CREATE INDEX qr_bulk_jobs_completed_idx ON catalog.qr_bulk_jobs (completed_at) WHERE completed_at IS NOT NULL;
