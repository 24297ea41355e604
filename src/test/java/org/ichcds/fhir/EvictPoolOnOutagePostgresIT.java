package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.PostgresTestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Every session of a pool ended by PostgreSQL ({@code pg_terminate_backend}, as a restart or fail-over does) right
 * after use, on the machine's real server: with {@link EvictPoolOnOutage}, the first statement fails and every
 * connection handed out after it works. Without it (the control), Hikari hands over the other ended connections,
 * which it does not check when they were used less than half a second before.
 */
class EvictPoolOnOutagePostgresIT {

    private static final int POOL = 3;
    /** Hikari's default {@code com.zaxxer.hikari.aliveBypassWindowMs}: younger idle connections are not checked. */
    private static final long BYPASS_MS = 500;

    @Test
    void aConnectionEndedByTheDatabaseEmptiesThePoolAndTheNextConnectionsWork() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("ichcds_it_evict")) {
            Outcome outcome = withinTheBypassWindow(database, true);
            assertThat(outcome.first())
                    .as("the first statement after the sessions ended")
                    .isFalse();
            assertThat(outcome.next())
                    .as("the connections handed out after the first failure")
                    .containsOnly(true);
        }
    }

    @Test
    void withoutItTheNextConnectionsAreTheEndedOnes() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("ichcds_it_evict")) {
            Outcome outcome = withinTheBypassWindow(database, false);
            assertThat(outcome.first()).isFalse();
            assertThat(outcome.next())
                    .as("Hikari alone hands over ended connections used just before")
                    .contains(false);
        }
    }

    private record Outcome(boolean first, List<Boolean> next, long millis) {}

    /** Repeats the scenario until it ran within Hikari's bypass window (a loaded machine may take longer). */
    private static Outcome withinTheBypassWindow(PostgresTestDatabase database, boolean evict) throws Exception {
        Outcome outcome = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            outcome = scenario(database, evict);
            if (outcome.millis() < BYPASS_MS) {
                return outcome;
            }
        }
        throw new AssertionError("the scenario never ran within " + BYPASS_MS + " ms; last took " + outcome.millis());
    }

    private static Outcome scenario(PostgresTestDatabase database, boolean evict) throws Exception {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(database.url());
            pool.setUsername(PostgresTestDatabase.USER);
            pool.setMaximumPoolSize(POOL);
            pool.setMinimumIdle(POOL);
            if (evict) {
                EvictPoolOnOutage.install(pool);
            }
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                held.add(pool.getConnection());
            }
            for (Connection connection : held) {
                assertThat(works(connection)).isTrue();
                connection.close();
            }
            long returned = System.nanoTime();
            endSessions(database.name());

            boolean first;
            try (Connection connection = pool.getConnection()) {
                first = works(connection);
            }
            List<Boolean> next = new ArrayList<>();
            held.clear();
            for (int i = 0; i < POOL; i++) {
                held.add(pool.getConnection());
            }
            long millis = (System.nanoTime() - returned) / 1_000_000;
            for (Connection connection : held) {
                next.add(works(connection));
                connection.close();
            }
            return new Outcome(first, next, millis);
        }
    }

    private static boolean works(Connection connection) {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 1")) {
            return result.next();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Ends every session on the database and waits until the server has none left. */
    private static void endSessions(String name) throws SQLException, InterruptedException {
        try (Connection admin =
                DriverManager.getConnection(PostgresTestDatabase.SERVER + "postgres", PostgresTestDatabase.USER, "")) {
            try (PreparedStatement end = admin.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?")) {
                end.setString(1, name);
                end.executeQuery().close();
            }
            try (PreparedStatement count =
                    admin.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ?")) {
                count.setString(1, name);
                for (int i = 0; i < 200; i++) {
                    try (ResultSet result = count.executeQuery()) {
                        result.next();
                        if (result.getInt(1) == 0) {
                            return;
                        }
                    }
                    Thread.sleep(5);
                }
            }
            throw new AssertionError("PostgreSQL did not end the sessions of " + name + " within a second");
        }
    }
}
