package org.ichcds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The received studies' records on an embedded H2 with the project's migrations: what makes "once" hold. */
class IntakeStudiesTest {

    private IntakeStudies studies;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:intake-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("APP")
                .defaultSchema("APP")
                .locations("filesystem:db/migration")
                .load()
                .migrate();
        studies = new IntakeStudies(JdbcClient.create(dataSource));
    }

    @Test
    void aStudyKeepsThePatientOfItsFirstInstance() {
        assertThat(studies.arrived("1.2", "MRN1", "HOSP", 10)).isEqualTo(IntakeStudies.Arrival.ACCEPTED);
        assertThat(studies.arrived("1.2", "MRN1", "HOSP", 10)).isEqualTo(IntakeStudies.Arrival.ACCEPTED);

        assertThat(studies.arrived("1.2", "MRN2", "HOSP", 10)).isEqualTo(IntakeStudies.Arrival.OTHER_PATIENT);
        assertThat(studies.arrived("1.2", "MRN1", "", 10)).isEqualTo(IntakeStudies.Arrival.OTHER_PATIENT);
        assertThat(studies.arrived("1.2", "MRN1", "OTHER", 10)).isEqualTo(IntakeStudies.Arrival.OTHER_PATIENT);
    }

    @Test
    void aStableStudyIsClosedOnceHoweverManyAskAndTakesNoMoreInstances() throws Exception {
        studies.arrived("1.2", "MRN1", "", 10);
        Instant cutoff = Instant.now().plusSeconds(1);
        assertThat(studies.stableSince(cutoff)).containsExactly("1.2");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> closers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            closers.add(() -> studies.close("1.2", cutoff));
        }
        long won = 0;
        for (Future<Boolean> closed : pool.invokeAll(closers)) {
            won += closed.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(won).isEqualTo(1);
        assertThat(studies.queued()).extracting(IntakeStudies.Queued::studyUid).containsExactly("1.2");
        assertThat(studies.arrived("1.2", "MRN1", "", 10)).isEqualTo(IntakeStudies.Arrival.CLOSED);
        studies.analysisRequested("1.2", "job-1");
        studies.ended("1.2");
        assertThat(studies.queued()).isEmpty();
        assertThat(studies.status("1.2")).contains("ENDED");
    }

    @Test
    void aStudyStillReceivingIsNotStable() {
        studies.arrived("1.2", "MRN1", "", 10);
        Instant earlier = Instant.now().minusSeconds(10);

        assertThat(studies.stableSince(earlier)).isEmpty();
        assertThat(studies.close("1.2", earlier)).isFalse();
    }
}
