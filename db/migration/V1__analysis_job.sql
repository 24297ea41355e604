-- The application's own tables live in the schema Flyway manages ("app"), apart from HAPI's tables.
-- One row per analysis of a study by a model version: its state, timings and errors.
CREATE TABLE analysis_job (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    study_uid       VARCHAR(64)   NOT NULL,
    model_version   VARCHAR(64)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    imaging_study   VARCHAR(256),
    patient_ref     VARCHAR(256),
    created_at      TIMESTAMP     NOT NULL,
    started_at      TIMESTAMP,
    finished_at     TIMESTAMP,
    error           VARCHAR(1000),
    CONSTRAINT analysis_job_study_model UNIQUE (study_uid, model_version)
);
CREATE INDEX analysis_job_status ON analysis_job (status);
