-- Results on their way to the EHR's FHIR server (ichcds.fhir.ehr-server): one row per analysis, written when its
-- results are stored locally, delivered by a db-scheduler task with backoff until the EHR accepts them. The bundle is
-- the analysis's transaction of conditional creates, so a delivery repeated after a crash stores nothing twice.
CREATE TABLE ehr_outbox (
    analysis_id      VARCHAR(36)       NOT NULL PRIMARY KEY,
    bundle_json      VARCHAR(10000000) NOT NULL,
    status           VARCHAR(16)       NOT NULL,
    attempts         INTEGER           DEFAULT 0 NOT NULL,
    last_error       VARCHAR(1000),
    created_at       TIMESTAMP         NOT NULL,
    next_attempt_at  TIMESTAMP         NOT NULL,
    delivered_at     TIMESTAMP
);
CREATE INDEX ehr_outbox_due ON ehr_outbox (status, next_attempt_at);
