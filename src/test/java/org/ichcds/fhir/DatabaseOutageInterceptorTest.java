package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.mock.web.MockHttpServletResponse;

class DatabaseOutageInterceptorTest {

    @Test
    void anEndedConnectionIs503WithRetryAfterAndEmptiesThePool() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:outage" + System.nanoTime());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection warm = pool.getConnection()) {
                warm.createStatement().execute("SELECT 1");
            }
            awaitIdle(pool, 2);
            MockHttpServletResponse response = new MockHttpServletResponse();
            SQLException ended = new SQLException("terminating connection due to administrator command", "57P01");

            BaseServerResponseException answer = new DatabaseOutageInterceptor(pool)
                    .outage(new UncategorizedSQLException("search", "SELECT", ended), response);

            assertThat(answer.getStatusCode()).isEqualTo(503);
            assertThat(answer.getMessage()).contains("repeat the request");
            assertThat(response.getHeader("Retry-After")).isEqualTo("5");
            // the connections held were given up; the pool makes new ones
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThan(2);
        }
    }

    @Test
    void aCauselessServerErrorRightAfterThePoolMetAnEndedSessionIs503AndAClientErrorNeverIs() {
        try (HikariDataSource pool = new HikariDataSource()) {
            // as the application context installs it: before the pool starts
            pool.setJdbcUrl("jdbc:h2:mem:outage" + System.nanoTime());
            pool.setMaximumPoolSize(1);
            EvictPoolOnOutage.install(pool);
            DatabaseOutageInterceptor interceptor = new DatabaseOutageInterceptor(pool);
            // HAPI's search task rethrows an ended connection as a bare 500 with the message only
            InternalErrorException bare = new InternalErrorException("Connection is closed");
            assertThat(interceptor.outage(bare, new MockHttpServletResponse()))
                    .as("no outage met yet: a server error stays one")
                    .isNull();

            var verdict = pool.getExceptionOverride()
                    .adjudicate(new SQLException("terminating connection due to administrator command", "57P01"));
            assertThat(verdict).isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.CONTINUE_EVICT);

            MockHttpServletResponse response = new MockHttpServletResponse();
            BaseServerResponseException answer = interceptor.outage(bare, response);
            assertThat(answer.getStatusCode()).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).isEqualTo("5");
            assertThat(interceptor.outage(new InvalidRequestException("bad parameter"), new MockHttpServletResponse()))
                    .isNull();
            assertThat(((EvictPoolOnOutage) pool.getExceptionOverride()).seenWithin(java.time.Duration.ZERO))
                    .as("the window closes")
                    .isFalse();
        }
    }

    @Test
    void otherFailuresAreLeftAsTheyAre() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(new DatabaseOutageInterceptor(null).outage(new IllegalStateException("bug"), response))
                .isNull();
        assertThat(response.getHeader("Retry-After")).isNull();
    }

    private static void awaitIdle(HikariDataSource pool, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (pool.getHikariPoolMXBean().getIdleConnections() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
