package org.ichcds.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.ichcds.PostgresTestDatabase;

/**
 * The replicas' one PostgreSQL database: made for the test on the machine's server (127.0.0.1:5432, trust
 * authentication) and dropped afterwards. The test reads it directly to count what was stored, and cuts the replicas'
 * connections to it.
 */
final class ClusterDatabase implements AutoCloseable {

    static final String USER = PostgresTestDatabase.USER;

    private final PostgresTestDatabase database;
    final String name;

    private ClusterDatabase(PostgresTestDatabase database) {
        this.database = database;
        this.name = database.name();
    }

    static ClusterDatabase create() throws SQLException {
        return new ClusterDatabase(PostgresTestDatabase.create("ichcds_cluster"));
    }

    String url() {
        return database.url();
    }

    /** A single number a query answers. */
    long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(), USER, "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** A single text a query answers, or {@code null} when it finds no row. */
    String text(String sql, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(), USER, "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    /** Ends every other connection to the database, as a PostgreSQL restart or a failover would; how many it ended. */
    long terminateConnections() throws SQLException {
        return count(
                "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = ? AND pid <> pg_backend_pid()) AS ended",
                name);
    }

    @Override
    public void close() throws SQLException {
        database.close();
    }
}
