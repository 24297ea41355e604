package org.ichcds.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The replicas' one PostgreSQL database: made for the test on the machine's server (127.0.0.1:5432, trust
 * authentication) and dropped afterwards. The test reads it directly to count what was stored, and cuts the replicas'
 * connections to it.
 */
final class ClusterDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = System.getProperty("ichcds.it.postgres.user", "postgres");

    final String name;

    private ClusterDatabase(String name) {
        this.name = name;
    }

    static ClusterDatabase create() throws SQLException {
        ClusterDatabase database =
                new ClusterDatabase("ichcds_cluster_" + ProcessHandle.current().pid() + "_" + System.nanoTime());
        execute(SERVER + "postgres", "CREATE DATABASE " + database.name);
        return database;
    }

    String url() {
        return SERVER + name;
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
        execute(SERVER + "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
