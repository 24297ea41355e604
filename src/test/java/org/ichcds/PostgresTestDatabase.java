package org.ichcds;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of its own on the machine's PostgreSQL server (127.0.0.1:5432, trust authentication; the user is the
 * system property {@code ichcds.it.postgres.user}, else {@code postgres}), made for one test and dropped when it is
 * closed, with every connection still open to it.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = System.getProperty("ichcds.it.postgres.user", "postgres");

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /** A new database named {@code <prefix>_<pid>_<nanos>}: tests of several JVMs never share one. */
    public static PostgresTestDatabase create(String prefix) throws SQLException {
        PostgresTestDatabase database =
                new PostgresTestDatabase(prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime());
        administer("CREATE DATABASE " + database.name);
        return database;
    }

    public String name() {
        return name;
    }

    public String url() {
        return SERVER + name;
    }

    /** A data source opening a new connection per call, as the test user. */
    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        dataSource.setUser(USER);
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        administer("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void administer(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
