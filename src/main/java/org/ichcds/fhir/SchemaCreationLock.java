package org.ichcds.fhir;

import ca.uhn.fhir.jpa.cache.ISearchParamIdentityCacheSvc;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
 * context has started.
 *
 * <p>HAPI also writes a row per search parameter (its "identities", some 1,500) the first time its search parameter
 * registry is built, which it does lazily, on a thread of its own: replicas that receive their first FHIR requests
 * together both insert them, collide on {@code idx_hash_identity}, and although HAPI retries, Hibernate logs each
 * collision as an error. So once the context has started, each replica takes the lock again, builds the registry and
 * waits until the identities it started writing are written ({@link #IDENTITIES_WAIT} at most) before letting it go:
 * the next replica then finds them all in the table. The application's own tables need no such lock: Flyway takes one
 * of its own. On H2 (one process) nothing is locked and the registry is built when first used, as HAPI does.
 */
final class SchemaCreationLock
        implements BeanPostProcessor, ApplicationListener<ContextRefreshedEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaCreationLock.class);
    static final String BEAN = "entityManagerFactory";
    static final String LAST_BEAN = "resourceTypeCacheSvc";
    // any constant shared by every replica; Flyway's own locks use other keys
    static final long KEY = 0x1c4cd5_0f41e5L;

    // how long the identities may take to be written before the lock goes anyway
    static final Duration IDENTITIES_WAIT = Duration.ofSeconds(60);

    private final ObjectProvider<DataSource> dataSource;
    private final ObjectProvider<ISearchParamRegistry> registry;
    private final ObjectProvider<ISearchParamIdentityCacheSvc> identities;
    private Connection held;
    private boolean identitiesWritten;

    SchemaCreationLock(
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<ISearchParamRegistry> registry,
            ObjectProvider<ISearchParamIdentityCacheSvc> identities) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.identities = identities;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (BEAN.equals(beanName)) {
            acquire("create the FHIR store's tables");
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
        writeIdentities();
    }

    /**
     * Under the lock, builds HAPI's search parameter registry and waits until the identities it started writing are
     * written. Once per process (a child context's start is announced here too), and only on PostgreSQL.
     */
    private void writeIdentities() {
        synchronized (this) {
            if (identitiesWritten) {
                return;
            }
            identitiesWritten = true;
        }
        ISearchParamIdentityCacheSvc cache = identities.getIfAvailable();
        ISearchParamRegistry searchParameters = registry.getIfAvailable();
        if (cache == null || searchParameters == null || !acquire("write HAPI's search parameter identities")) {
            return;
        }
        try {
            long start = System.nanoTime();
            searchParameters.forceRefresh();
            long deadline = start + IDENTITIES_WAIT.toNanos();
            while (cache.hasInFlightTasks()) {
                if (System.nanoTime() > deadline) {
                    log.warn(
                            "HAPI's search parameter identities were still being written after {} s; letting the lock"
                                    + " go: another replica starting now may log duplicate keys for them",
                            IDENTITIES_WAIT.toSeconds());
                    return;
                }
                Thread.sleep(20);
            }
            log.info(
                    "HAPI's search parameters and their identities ready in {} ms",
                    (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the registry is built again on first use, as HAPI does without this
            log.warn("could not build HAPI's search parameter registry at start: {}", e.getMessage());
        } finally {
            release();
        }
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

    /**
     * Takes the lock on PostgreSQL, waiting for another replica that holds it.
     *
     * @param what what the other replica is doing, for the log line of a long wait
     * @return whether this process holds the lock now
     */
    private synchronized boolean acquire(String what) {
        if (held != null) {
            return true;
        }
        try {
            Connection connection = dataSource.getObject().getConnection();
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                connection.close();
                return false;
            }
            long start = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                // a session lock: held until unlocked or the connection ends (a replica that dies here frees it)
                statement.execute("SELECT pg_advisory_lock(" + KEY + ")");
            }
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (waited >= 1000) {
                log.info("waited {} ms for another replica to {}", waited, what);
            }
            held = connection;
            return true;
        } catch (SQLException e) {
            // what follows reports an unreachable database in its own words
            log.warn("could not take the FHIR store's schema lock to {}: {}", what, e.getMessage());
            return false;
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
