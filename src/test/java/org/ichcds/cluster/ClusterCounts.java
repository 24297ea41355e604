package org.ichcds.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.regex.Pattern;

/** What the cluster stored, counted in the database and through FHIR search: everything once, nothing twice. */
final class ClusterCounts {

    private static final Pattern DONE = Pattern.compile("analysis \\S+ done in \\d+ ms");

    private final ClusterDatabase database;
    private final ClusterEhr ehr;

    ClusterCounts(ClusterDatabase database, ClusterEhr ehr) {
        this.database = database;
        this.ehr = ehr;
    }

    /**
     * {@code analyses} studies asked for, each analysed once: as many analyses, all done, one per study; as many
     * DiagnosticReports in HAPI's tables and through a FHIR search, no analysis identifier on two of them; no execution
     * left behind in db-scheduler's table.
     */
    void assertExactlyOnce(int analyses) throws SQLException, InterruptedException {
        // reports are written just after the answers (a replica stopped before writing one leaves it to another's task)
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
        while (database.count("SELECT COUNT(*) FROM app.analysis_job WHERE report_ref IS NULL") > 0
                && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertThat(database.count("SELECT COUNT(*) FROM app.analysis_job")).isEqualTo(analyses);
        assertThat(database.count("SELECT COUNT(*) FROM app.analysis_job WHERE status = 'DONE'"))
                .isEqualTo(analyses);
        assertThat(database.count("SELECT COUNT(DISTINCT study_uid) FROM app.analysis_job"))
                .isEqualTo(analyses);
        assertThat(database.count("SELECT COUNT(*) FROM hfj_resource WHERE res_type = 'DiagnosticReport'"
                        + " AND res_deleted_at IS NULL"))
                .isEqualTo(analyses);
        // the report's identifier is its analysis (the conditional create's key): none is on two reports
        assertThat(database.count("SELECT COUNT(*) FROM (SELECT sp_value FROM hfj_spidx_token"
                        + " WHERE res_type = 'DiagnosticReport' AND sp_name = 'identifier'"
                        + " GROUP BY sp_system, sp_value HAVING COUNT(*) > 1) AS doubled"))
                .isZero();
        assertThat(ehr.reports(null)).isEqualTo(analyses);
        // no analysis execution left behind (the outbox's recurring task stays, as it should)
        assertThat(database.count("SELECT COUNT(*) FROM app.scheduled_tasks WHERE task_name = 'ichcds-analysis'"))
                .isZero();
    }

    /** The attempts an analysis of this study took. */
    int attempts(String studyUid) throws SQLException {
        return (int) database.count("SELECT attempts FROM app.analysis_job WHERE study_uid = ?", studyUid);
    }

    String analysisId(String studyUid) throws SQLException {
        return database.text("SELECT id FROM app.analysis_job WHERE study_uid = ?", studyUid);
    }

    /** The replica whose scheduler has picked the analysis's execution, or {@code null} while none has. */
    String runningOn(String analysisId) throws SQLException {
        return database.text(
                "SELECT picked_by FROM app.scheduled_tasks WHERE task_instance = ? AND picked", analysisId);
    }

    /** How many analyses a replica's log says it finished (an observation printed, not asserted). */
    long analysesRunBy(ServerProcess replica) throws IOException {
        try (var lines = Files.lines(Cluster.LOGS.resolve(replica.name + ".log"))) {
            return lines.filter(line -> DONE.matcher(line).find()).count();
        }
    }
}
