-- Who writes an analysis's DiagnosticReport: every replica that answers a hook for a DONE analysis, and each replica's
-- recurring task, may set out to write it. The first to move this time from empty (or past) to a time ahead holds the
-- write until then; the others leave it. A writer that stopped before attaching the report lets its claim lapse, and
-- the recurring task of any replica writes the report after that.
ALTER TABLE analysis_job ADD COLUMN report_claimed_until TIMESTAMP;
