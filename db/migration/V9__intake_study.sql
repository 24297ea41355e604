-- Studies received over DICOM C-STORE or STOW-RS (ichcds.intake.*), one row per StudyInstanceUID: the patient its
-- first instance named (every later instance must name the same one), when instances last arrived, and the received
-- analysis once the study was stable. status: RECEIVING -> QUEUED (its analysis requested, exactly once: the change is
-- one conditional UPDATE) -> ENDED (the analysis finished or failed, its spooled files removed).
CREATE TABLE intake_study (
    study_uid         VARCHAR(64)    NOT NULL PRIMARY KEY,
    patient_id        VARCHAR(64)    NOT NULL,
    patient_issuer    VARCHAR(64),
    status            VARCHAR(16)    NOT NULL,
    instances         INTEGER        DEFAULT 0 NOT NULL,
    bytes             BIGINT         DEFAULT 0 NOT NULL,
    first_received_at TIMESTAMP      NOT NULL,
    last_received_at  TIMESTAMP      NOT NULL,
    analysis_id       VARCHAR(36),
    ended_at          TIMESTAMP
);
CREATE INDEX intake_study_status ON intake_study (status, last_received_at);
