package org.ichcds.fhir;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Empties a Hikari pool as soon as one of its connections reports that the database ended its session (a restart, a
 * fail-over, {@code pg_terminate_backend}): the other connections of the pool ended with it. Hikari on its own drops
 * only the connection that failed, and checks an idle one before handing it over only when it was idle for more than
 * half a second, so a request right after the failure could still get an ended connection and fail too.
 *
 * <p>This sees every failure at the JDBC level, including those HAPI reports without their cause (a search runs in a
 * task of its own and rethrows only the message), which {@link DatabaseOutageInterceptor} cannot recognise by their
 * cause; it asks this instead whether the pool met an ended session a moment ago ({@link #seenRecently}).
 */
final class EvictPoolOnOutage implements SQLExceptionOverride {

    private final HikariDataSource pool;
    // System.nanoTime() of the last ended session met; 0 for none
    private volatile long lastOutage;

    private EvictPoolOnOutage(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Installs itself on every Hikari pool of the context before the pool starts, unless the pool's configuration
     * names an override of its own ({@code spring.datasource.hikari.exception-override-class-name}).
     */
    static BeanPostProcessor installer() {
        return new BeanPostProcessor() {
            @java.lang.Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari) {
                    install(hikari);
                }
                return bean;
            }
        };
    }

    static void install(HikariDataSource hikari) {
        if (hikari.getExceptionOverride() == null && hikari.getExceptionOverrideClassName() == null) {
            hikari.setExceptionOverride(new EvictPoolOnOutage(hikari));
        }
    }

    /**
     * Whether a pool of {@code dataSource} with this override met an ended session within {@code window}: false for
     * any other data source.
     */
    static boolean seenRecently(DataSource dataSource, Duration window) {
        try {
            if (dataSource != null
                    && dataSource.isWrapperFor(HikariDataSource.class)
                    && dataSource.unwrap(HikariDataSource.class).getExceptionOverride()
                            instanceof EvictPoolOnOutage evict) {
                return evict.seenWithin(window);
            }
        } catch (SQLException e) {
            // not a pool this knows
        }
        return false;
    }

    boolean seenWithin(Duration window) {
        long seen = lastOutage;
        return seen != 0 && System.nanoTime() - seen < window.toNanos();
    }

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException failure) {
        if (DatabaseOutage.causedBy(failure)) {
            lastOutage = System.nanoTime() | 1;
            DatabaseOutage.evictPooledConnections(pool);
        }
        // Hikari's own judgement of the failing connection stands
        return SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
