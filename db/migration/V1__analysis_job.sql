-- The application's own tables live in the schema Flyway manages ("app"), apart from HAPI's tables.
-- One row per analysis of a study by a model version: its inputs, state, timings, result and errors.
-- (study_uid, model_version) is unique: analyses are idempotent per study and model version.
CREATE TABLE analysis_job (
    id                 VARCHAR(36)    NOT NULL PRIMARY KEY,
    study_uid          VARCHAR(64)    NOT NULL,
    model_version      VARCHAR(64)    NOT NULL,
    status             VARCHAR(16)    NOT NULL,
    dicomweb_base      VARCHAR(512)   NOT NULL,
    patient_ref        VARCHAR(256),
    imaging_study_ref  VARCHAR(256),
    attempts           INTEGER        DEFAULT 0 NOT NULL,
    owner              VARCHAR(64),
    heartbeat_at       TIMESTAMP,
    created_at         TIMESTAMP      NOT NULL,
    started_at         TIMESTAMP,
    finished_at        TIMESTAMP,
    load_ms            INTEGER,
    preprocess_ms      INTEGER,
    infer_ms           INTEGER,
    report_ms          INTEGER,
    report_ref         VARCHAR(256),
    result_json        VARCHAR(1000000),
    error_kind         VARCHAR(32),
    error              VARCHAR(1000),
    CONSTRAINT analysis_job_study_model UNIQUE (study_uid, model_version)
);
CREATE INDEX analysis_job_status ON analysis_job (status);
