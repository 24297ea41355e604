package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The shared {@code jti} record on H2 and on the machine's real PostgreSQL server (a database made for the run): two
 * replicas, each with its own {@link JtiReplayTable} on one database, refuse a token the other has seen; a lapsed
 * record lets the {@code jti} be used again; expired rows are deleted; a database that cannot be asked refuses.
 */
class JtiReplayTableIT {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    /** More pooled connections than the table's attempts. */
    private static final int POOLED = 4;

    private static final String USER = System.getProperty("ichcds.it.postgres.user", "postgres");

    static Stream<String> databases() throws SQLException {
        String name = "ichcds_jti_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", USER, "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", USER, "")) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }));
        return Stream.of("jdbc:h2:mem:jti" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", POSTGRES + name);
    }

    private static JdbcTemplate migrated(String url) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, url.contains("h2") ? "sa" : USER, ""));
        jdbc.execute("CREATE SCHEMA IF NOT EXISTS app");
        String ddl = Files.readString(Path.of("db/migration/V8__cds_jti.sql")).replaceAll("--[^\n]*", "");
        for (String statement : ddl.split(";")) {
            if (!statement.isBlank()) {
                jdbc.execute(statement
                        .replace("CREATE TABLE cds_jti", "CREATE TABLE app.cds_jti")
                        .replace("ON cds_jti", "ON app.cds_jti"));
            }
        }
        return jdbc;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTokenSeenByOneReplicaIsRefusedByTheOther(String url) throws Exception {
        JdbcTemplate jdbc = migrated(url);
        TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
        JtiReplayTable first = new JtiReplayTable(jdbc, clock);
        JtiReplayTable second = new JtiReplayTable(jdbc, clock);
        Instant keepUntil = clock.instant().plus(Duration.ofMinutes(5));

        assertThat(first.firstUse("https://ehr.example.org", "j-1", keepUntil))
                .isEqualTo(JtiRegistry.Outcome.FIRST_USE);
        assertThat(second.firstUse("https://ehr.example.org", "j-1", keepUntil)).isEqualTo(JtiRegistry.Outcome.REPLAY);
        assertThat(first.firstUse("https://ehr.example.org", "j-1", keepUntil)).isEqualTo(JtiRegistry.Outcome.REPLAY);
        // the same jti from another issuer is another token
        assertThat(second.firstUse("https://other.example.org", "j-1", keepUntil))
                .isEqualTo(JtiRegistry.Outcome.FIRST_USE);

        // after its record lapses the jti may come again (its old token is refused as expired anyway), once
        clock.advance(Duration.ofMinutes(6));
        Instant later = clock.instant().plus(Duration.ofMinutes(5));
        assertThat(second.firstUse("https://ehr.example.org", "j-1", later)).isEqualTo(JtiRegistry.Outcome.FIRST_USE);
        assertThat(first.firstUse("https://ehr.example.org", "j-1", later)).isEqualTo(JtiRegistry.Outcome.REPLAY);

        // expired rows go: a fresh replica cleans up on its first call
        clock.advance(Duration.ofMinutes(10));
        new JtiReplayTable(jdbc, clock)
                .firstUse("https://ehr.example.org", "j-2", clock.instant().plusSeconds(60));
        assertThat(first.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDatabaseThatCannotBeAskedRefusesTheToken(String url) throws Exception {
        JdbcTemplate jdbc = migrated(url);
        jdbc.execute("DROP TABLE app.cds_jti");
        JtiReplayTable table = new JtiReplayTable(jdbc, new TestClock(Instant.now()));
        assertThatThrownBy(() -> table.firstUse(
                        "https://ehr.example.org", "j-1", Instant.now().plusSeconds(60)))
                .isInstanceOfSatisfying(
                        JwtRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(JwtRejected.Reason.REPLAY_CHECK_FAILED));
    }

    /**
     * PostgreSQL ends every pooled connection ({@code pg_terminate_backend}, as a restart or fail-over does) just after
     * they were used, so the pool would hand them out again unchecked, one per attempt: the first failure empties the
     * pool, the record is written on a new connection, and the token is not refused for it.
     */
    @org.junit.jupiter.api.Test
    void aConnectionEndedByTheServerIsReplacedAndTheTokenAccepted() throws Exception {
        String url = databases().toList().get(1);
        migrated(url);
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(USER);
        config.setMaximumPoolSize(POOLED);
        config.setMinimumIdle(POOLED);
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            TestClock clock = new TestClock(Instant.now());
            JtiReplayTable table = new JtiReplayTable(jdbc, clock);
            String database = url.substring(url.lastIndexOf('/') + 1);
            assertThat(table.firstUse(
                            "https://ehr.example.org", "j-1", clock.instant().plusSeconds(60)))
                    .isEqualTo(JtiRegistry.Outcome.FIRST_USE);
            List<Connection> used = new ArrayList<>();
            for (int i = 0; i < POOLED; i++) {
                used.add(pool.getConnection());
            }
            for (Connection connection : used) {
                connection.createStatement().execute("SELECT 1");
                connection.close(); // back to the pool, just used: handed out again without a check
            }
            try (Connection admin = DriverManager.getConnection(POSTGRES + "postgres", USER, "")) {
                var ended = admin.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                + " WHERE datname = '" + database + "' AND pid <> pg_backend_pid()) t");
                ended.next();
                assertThat(ended.getInt(1)).as("connections ended").isEqualTo(POOLED);
            }

            assertThat(table.firstUse(
                            "https://ehr.example.org", "j-2", clock.instant().plusSeconds(60)))
                    .isEqualTo(JtiRegistry.Outcome.FIRST_USE);
            assertThat(table.firstUse(
                            "https://ehr.example.org", "j-2", clock.instant().plusSeconds(60)))
                    .isEqualTo(JtiRegistry.Outcome.REPLAY);
        }
    }
}
