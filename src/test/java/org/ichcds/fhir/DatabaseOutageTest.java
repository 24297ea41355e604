package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutageTest {

    @Test
    void aSessionEndedByTheServerIsAnOutage() {
        // what PostgreSQL says to a connection ended by pg_terminate_backend, as Spring wraps it
        SQLException terminated = new SQLException("terminating connection due to administrator command", "57P01");
        assertThat(DatabaseOutage.causedBy(new UncategorizedSQLException("select", "SELECT 1", terminated)))
                .isTrue();
        assertThat(DatabaseOutage.causedBy(new IllegalStateException(new SQLException("closed", "08003"))))
                .isTrue();
    }

    @Test
    void noConnectionToBeHadIsAnOutage() {
        assertThat(DatabaseOutage.causedBy(new CannotGetJdbcConnectionException(
                        "pool", new SQLTransientConnectionException("Connection is not available"))))
                .isTrue();
        assertThat(DatabaseOutage.causedBy(new CannotCreateTransactionException("no connection")))
                .isTrue();
    }

    @Test
    void aBadStatementOrAConflictIsNot() {
        assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException(
                        "duplicate", new SQLException("duplicate key value violates unique constraint", "23505"))))
                .isFalse();
        assertThat(DatabaseOutage.causedBy(new UncategorizedSQLException(
                        "select", "SELECT nope", new SQLException("column does not exist", "42703"))))
                .isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalArgumentException("no study")))
                .isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("no state"))).isFalse();
    }
}
