package org.ichcds.fhir;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Empties a Hikari pool as soon as one of its connections reports that the database ended its session (a restart, a
 * fail-over, {@code pg_terminate_backend}): the other connections of the pool ended with it. Hikari on its own drops
 * only the connection that failed, and checks an idle one before handing it over only when it was idle for more than
 * half a second, so a request right after the failure could still get an ended connection and fail too.
 *
 * <p>This sees every failure at the JDBC level, including those HAPI reports without their cause (a search runs in a
 * task of its own and rethrows only the message), which {@link DatabaseOutageInterceptor} cannot recognise.
 */
final class EvictPoolOnOutage implements SQLExceptionOverride {

    private final HikariDataSource pool;

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

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException failure) {
        if (DatabaseOutage.causedBy(failure)) {
            DatabaseOutage.evictPooledConnections(pool);
        }
        // Hikari's own judgement of the failing connection stands
        return SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
