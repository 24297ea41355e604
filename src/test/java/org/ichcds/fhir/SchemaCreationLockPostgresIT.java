package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * made and filled, the other waits for it, and then goes on; other beans and H2 lock nothing.
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

    private static SchemaCreationLock lock(DataSource source) {
        return new SchemaCreationLock(
                new StaticListableBeanFactory(Map.of("dataSource", source)).getBeanProvider(DataSource.class));
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
