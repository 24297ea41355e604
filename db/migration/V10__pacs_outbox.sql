-- Objects on their way to the PACS (ichcds.writeback.url): one row per analysis, the DICOM SR and the presentation
-- state encoded as PS3.10 files (base64, one per line), written when the analysis ends and sent by STOW-RS by a
-- db-scheduler task with backoff until the PACS stores every one of them. Their UIDs derive from the analysis id, so a
-- delivery repeated after a crash stores nothing twice.
CREATE TABLE pacs_outbox (
    analysis_id      VARCHAR(36)       NOT NULL PRIMARY KEY,
    study_uid        VARCHAR(64)       NOT NULL,
    sop_instance_uids VARCHAR(200)     NOT NULL,
    instances_base64 VARCHAR(10000000) NOT NULL,
    status           VARCHAR(16)       NOT NULL,
    attempts         INTEGER           DEFAULT 0 NOT NULL,
    last_error       VARCHAR(1000),
    created_at       TIMESTAMP         NOT NULL,
    next_attempt_at  TIMESTAMP         NOT NULL,
    delivered_at     TIMESTAMP
);
CREATE INDEX pacs_outbox_due ON pacs_outbox (status, next_attempt_at);
