package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.cache.ISearchParamIdentityCacheSvc;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ResourceSearchParams;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.ichcds.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two replicas' schema locks on the machine's PostgreSQL (127.0.0.1:5432, trust authentication), in a database made for
 * this test and dropped afterwards (advisory locks belong to their database): while one replica's HAPI tables are
 * made and filled, and once started while its search parameter identities are written, the other waits for it, and
 * then goes on; other beans and H2 lock nothing.
 */
class SchemaCreationLockPostgresIT {

    private static PostgresTestDatabase database;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void database() throws SQLException {
        database = PostgresTestDatabase.create("ichcds_schema_lock");
        dataSource = database.dataSource();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        database.close();
    }

    @Test
    void aSecondReplicaWaitsUntilTheFirstHasMadeTheTables() throws Exception {
        SchemaCreationLock first = lock(dataSource);
        SchemaCreationLock second = lock(dataSource);
        Object factory = new Object();
        ExecutorService replicaB = Executors.newSingleThreadExecutor();
        try {
            assertThat(first.postProcessBeforeInitialization(factory, SchemaCreationLock.BEAN))
                    .isSameAs(factory);
            assertThat(first.held()).isTrue();

            Future<Object> b =
                    replicaB.submit(() -> second.postProcessBeforeInitialization(factory, "entityManagerFactory"));
            waitUntil(() -> advisoryLocks(false) == 1);
            assertThat(b.isDone()).as("the second replica waits").isFalse();
            assertThat(advisoryLocks(true)).isEqualTo(1);

            first.postProcessAfterInitialization(factory, SchemaCreationLock.BEAN);
            assertThat(first.held())
                    .as("held until HAPI has filled its resource types too")
                    .isTrue();
            first.postProcessAfterInitialization(factory, SchemaCreationLock.LAST_BEAN);
            b.get(10, TimeUnit.SECONDS);
            assertThat(first.held()).isFalse();
            assertThat(second.held()).isTrue();
            assertThat(advisoryLocks(false)).isZero();

            // the context started without the last bean: let go all the same
            second.onApplicationEvent(null);
            assertThat(second.held()).isFalse();
            waitUntil(() -> advisoryLocks(true) == 0);
        } finally {
            replicaB.shutdownNow();
        }
    }

    @Test
    void aContextThatFailedToStartLetsTheLockGo() throws Exception {
        SchemaCreationLock failed = lock(dataSource);
        failed.postProcessBeforeInitialization(new Object(), SchemaCreationLock.BEAN);
        assertThat(advisoryLocks(true)).isEqualTo(1);

        failed.destroy(); // the entity manager factory threw: Spring destroys the beans it made

        assertThat(failed.held()).isFalse();
        waitUntil(() -> advisoryLocks(true) == 0);
    }

    @Test
    void otherBeansAndH2LockNothing() {
        SchemaCreationLock postgres = lock(dataSource);
        postgres.postProcessBeforeInitialization(new Object(), "dataSource");
        assertThat(postgres.held()).isFalse();
        assertThat(advisoryLocks(true)).isZero();

        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:schema-lock;DB_CLOSE_DELAY=-1");
        SchemaCreationLock local = lock(h2);
        local.postProcessBeforeInitialization(new Object(), SchemaCreationLock.BEAN);
        assertThat(local.held()).isFalse();
        local.postProcessAfterInitialization(new Object(), SchemaCreationLock.LAST_BEAN);
    }

    @Test
    void onceStartedEachReplicaWritesTheSearchParameterIdentitiesAloneAndOnlyOnce() throws Exception {
        AtomicBoolean writingA = new AtomicBoolean();
        AtomicBoolean writingB = new AtomicBoolean();
        AtomicInteger refreshesA = new AtomicInteger();
        AtomicInteger refreshesB = new AtomicInteger();
        SchemaCreationLock a = lock(dataSource, registry(writingA, refreshesA), identityCache(writingA));
        SchemaCreationLock b = lock(dataSource, registry(writingB, refreshesB), identityCache(writingB));
        ExecutorService replicaA = Executors.newSingleThreadExecutor();
        ExecutorService replicaB = Executors.newSingleThreadExecutor();
        try {
            Future<?> startedA = replicaA.submit(() -> a.onApplicationEvent(null));
            waitUntil(() -> refreshesA.get() == 1);
            // a built its registry under the lock and its identity cache is writing: b waits for it
            assertThat(a.held()).isTrue();
            Future<?> startedB = replicaB.submit(() -> b.onApplicationEvent(null));
            waitUntil(() -> advisoryLocks(false) == 1);
            Thread.sleep(200);
            assertThat(startedA.isDone()).isFalse();
            assertThat(refreshesB.get()).as("b builds nothing while a writes").isZero();

            writingA.set(false);
            startedA.get(10, TimeUnit.SECONDS);
            assertThat(a.held()).isFalse();
            waitUntil(() -> refreshesB.get() == 1);
            assertThat(b.held()).isTrue();
            writingB.set(false);
            startedB.get(10, TimeUnit.SECONDS);
            assertThat(b.held()).isFalse();
            waitUntil(() -> advisoryLocks(true) == 0);

            // a child context's start is announced too: nothing is built twice
            a.onApplicationEvent(null);
            assertThat(refreshesA.get()).isEqualTo(1);
        } finally {
            replicaA.shutdownNow();
            replicaB.shutdownNow();
        }
    }

    @Test
    void onH2TheRegistryIsLeftToBeBuiltOnFirstUse() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:schema-lock-identities;DB_CLOSE_DELAY=-1");
        AtomicBoolean writing = new AtomicBoolean();
        AtomicInteger refreshes = new AtomicInteger();
        SchemaCreationLock local = lock(h2, registry(writing, refreshes), identityCache(writing));
        local.onApplicationEvent(null);
        assertThat(refreshes.get()).isZero();
        assertThat(local.held()).isFalse();
    }

    private static SchemaCreationLock lock(DataSource source) {
        return lock(source, null, null);
    }

    private static SchemaCreationLock lock(
            DataSource source, ISearchParamRegistry registry, ISearchParamIdentityCacheSvc identities) {
        Map<String, Object> beans = new java.util.HashMap<>(Map.of("dataSource", source));
        if (registry != null) {
            beans.put("searchParamRegistry", registry);
            beans.put("searchParamIdentityCacheSvc", identities);
        }
        StaticListableBeanFactory factory = new StaticListableBeanFactory(beans);
        return new SchemaCreationLock(
                factory.getBeanProvider(DataSource.class),
                factory.getBeanProvider(ISearchParamRegistry.class),
                factory.getBeanProvider(ISearchParamIdentityCacheSvc.class));
    }

    /** HAPI's search parameter registry: building it sets {@code writing}, as its identity cache starts writing. */
    private static ISearchParamRegistry registry(AtomicBoolean writing, AtomicInteger refreshes) {
        return new ISearchParamRegistry() {
            @Override
            public void forceRefresh() {
                writing.set(true);
                refreshes.incrementAndGet();
            }

            @Override
            public RuntimeSearchParam getActiveSearchParam(
                    String resourceName, String paramName, SearchParamLookupContextEnum context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ResourceSearchParams getActiveSearchParams(
                    String resourceName, SearchParamLookupContextEnum context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RuntimeSearchParam getActiveSearchParamByUrl(String url, SearchParamLookupContextEnum context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** HAPI's search parameter identity cache, writing while {@code writing} is set. */
    private static ISearchParamIdentityCacheSvc identityCache(AtomicBoolean writing) {
        return new ISearchParamIdentityCacheSvc() {
            @Override
            public boolean hasInFlightTasks() {
                return writing.get();
            }

            @Override
            public void findOrCreateSearchParamIdentity(Long hashIdentity, String resourceType, String paramName) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Advisory locks on the test database, granted or waited for. */
    private static int advisoryLocks(boolean granted) {
        return JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype ="
                        + " 'advisory' AND d.datname = ? AND l.granted = ?")
                .params(database.name(), granted)
                .query(Integer.class)
                .single();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
