-- An analysis belongs to one patient: the same StudyInstanceUID registered under another patient is another analysis,
-- so a result is never read back for a patient it was not made for. Rows made before this rule have no patient and
-- stay unreachable (no hook names the empty patient).
ALTER TABLE analysis_job ADD COLUMN patient_identifiers VARCHAR(4000);
UPDATE analysis_job SET patient_ref = '' WHERE patient_ref IS NULL;
ALTER TABLE analysis_job ALTER COLUMN patient_ref SET NOT NULL;
ALTER TABLE analysis_job DROP CONSTRAINT analysis_job_study_model;
ALTER TABLE analysis_job ADD CONSTRAINT analysis_job_study_model_patient UNIQUE (study_uid, model_version, patient_ref);
