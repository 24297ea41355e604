-- order-sign looks up a patient's newest finished analysis on every call: index that lookup.
CREATE INDEX analysis_job_patient_done ON analysis_job (patient_ref, status, finished_at);
