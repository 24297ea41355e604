package org.ichcds.fhir;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Lets one replica at a time create or update HAPI's tables, and fill its resource type table, on a shared PostgreSQL
 * database. Hibernate's schema update ({@code hbm2ddl.auto: update}) runs while the {@code entityManagerFactory} bean
 * starts, and HAPI's {@code resourceTypeCacheSvc} inserts every resource type when it starts. Replicas started together
 * on a fresh database each see the tables missing and create them, then each insert the resource types, and all but
 * one fail to start ({@code duplicate key value violates unique constraint "idx_res_type_name"}). From the first of
 * those beans' start to the end of the second this holds a PostgreSQL session advisory lock, so the later replicas wait
 * and then find it all made. Should the second bean not be made (another HAPI version), the lock is let go when the
 * context has started. The application's own tables need no such lock: Flyway takes one of its own. On H2 (one process)
 * nothing is locked.
 */
final class SchemaCreationLock
        implements BeanPostProcessor, ApplicationListener<ContextRefreshedEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaCreationLock.class);
    static final String BEAN = "entityManagerFactory";
    static final String LAST_BEAN = "resourceTypeCacheSvc";
    // any constant shared by every replica; Flyway's own locks use other keys
    static final long KEY = 0x1c4cd5_0f41e5L;

    private final ObjectProvider<DataSource> dataSource;
    private Connection held;

    SchemaCreationLock(ObjectProvider<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (BEAN.equals(beanName)) {
            acquire();
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (LAST_BEAN.equals(beanName)) {
            release();
        }
        return bean;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent started) {
        release();
    }

    /** A context that failed to start lets the lock go too, should its process go on (a test's JVM). */
    @Override
    public void destroy() {
        release();
    }

    /** True while this process holds the lock (from the first bean's start to the last's end, on PostgreSQL). */
    synchronized boolean held() {
        return held != null;
    }

    private synchronized void acquire() {
        if (held != null) {
            return;
        }
        try {
            Connection connection = dataSource.getObject().getConnection();
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                connection.close();
                return;
            }
            long start = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                // a session lock: held until unlocked or the connection ends (a replica that dies here frees it)
                statement.execute("SELECT pg_advisory_lock(" + KEY + ")");
            }
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (waited >= 1000) {
                log.info("waited {} ms for another replica to create the FHIR store's tables", waited);
            }
            held = connection;
        } catch (SQLException e) {
            // the schema update that follows reports an unreachable database in its own words
            log.warn("could not lock the FHIR store's schema for its update: {}", e.getMessage());
        }
    }

    private synchronized void release() {
        if (held == null) {
            return;
        }
        try (Connection connection = held;
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_unlock(" + KEY + ")");
        } catch (SQLException e) {
            // the connection is closed all the same, which frees a session lock
            log.warn("could not unlock the FHIR store's schema: {}", e.getMessage());
        } finally {
            held = null;
        }
    }
}
