package org.ichcds.fhir;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure was the database connection's, not the call's: the connection was ended (PostgreSQL's {@code
 * pg_terminate_backend}, a restart, a fail-over) or none could be had. Such a call can be answered again on a new
 * connection; a constraint violation or a bad query cannot.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {}

    /**
     * Makes the pool give up every connection it holds (idle ones now, busy ones when returned), so that the next
     * statement gets a new one. An ended session usually means all of them ended (a restart, a fail-over, {@code
     * pg_terminate_backend}); the pool would find out one call at a time, and only for connections idle long enough to
     * be checked.
     */
    public static void evictPooledConnections(DataSource dataSource) {
        try {
            if (dataSource != null && dataSource.isWrapperFor(HikariDataSource.class)) {
                HikariPoolMXBean pool =
                        dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
                if (pool != null) {
                    pool.softEvictConnections();
                }
            }
        } catch (SQLException e) {
            // not a pool this knows: its connections are checked as they come
        }
    }

    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P01-57P03: the server ended the session (shutdown, terminate, starting)
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
