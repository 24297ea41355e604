package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.ichcds.IchCdsApplication;
import org.ichcds.ItEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The FHIR store on the real PostgreSQL server of the machine (127.0.0.1:5432, trust authentication), in a database
 * created for this test run and dropped when the JVM ends, so runs never see each other's data. The context is closed
 * when the class ends: left open, HAPI's scheduled jobs met the database dropped under them at exit, waited out their
 * connection timeout, and held the forked JVM past its exit.
 */
@DirtiesContext
@SpringBootTest(classes = IchCdsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class FhirStorePostgresIT {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String USER = System.getProperty("ichcds.it.postgres.user", "postgres");

    @LocalServerPort
    int port;

    @Autowired
    FhirContext fhirContext;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) throws SQLException {
        String name = "ichcds_it_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
        execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(name)));
        registry.add("spring.datasource.url", () -> SERVER + name);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("ichcds.viewer.token-secret", () -> "postgres-it-viewer-secret-of-32-characters-or-more");
        // the same authorization server as the other integration tests: /fhir takes its tokens
        ItEnvironment.get().properties().forEach((key, value) -> {
            if (key.startsWith("ichcds.fhir.security.")) {
                registry.add(key, () -> value);
            }
        });
    }

    /**
     * Every connection of the server ended by PostgreSQL ({@code pg_terminate_backend}, as a restart or fail-over does)
     * right after use: only the request that meets one fails, with 503 and Retry-After, and the ones after it succeed
     * on new connections. HAPI runs a search in a task of its own and rethrows its failure as a bare 500 "Connection is
     * closed" without the cause; the pool met the ended session a moment before, so it is answered 503 too ({@link
     * DatabaseOutageInterceptor}). The first statement to meet an ended connection empties the pool ({@link
     * EvictPoolOnOutage}), so the next request cannot be handed another.
     */
    @Test
    void endedDatabaseConnectionsFailOneRequestAtMostAndTheNextOnesSucceed() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest search = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/fhir/Patient?_count=1"))
                .header("Authorization", "Bearer " + ItEnvironment.get().fullAccessToken())
                .build();
        assertThat(http.send(search, java.net.http.HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        String database =
                jdbc.sql("SELECT current_database()").query(String.class).single();
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = c.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                    + "' AND pid <> pg_backend_pid()");
        }

        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var answer = http.send(search, java.net.http.HttpResponse.BodyHandlers.ofString());
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 503) {
                assertThat(answer.headers().firstValue("Retry-After")).contains("5");
                assertThat(answer.body()).contains("repeat the request");
            }
        }
        assertThat(statuses.subList(1, 4))
                .as("statuses after the connections ended: " + statuses)
                .containsOnly(200);
        assertThat(statuses.get(0)).isIn(200, 503);
    }

    @Test
    void storesAndSearchesOnPostgres() throws SQLException {
        fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        var client = fhirContext.newRestfulGenericClient("http://127.0.0.1:" + port + "/fhir");
        client.registerInterceptor(
                new BearerTokenAuthInterceptor(ItEnvironment.get().fullAccessToken()));
        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");

        new FhirStoreScenario(client).assertRoundTrip();

        String product = jdbc.sql("SELECT version()").query(String.class).single();
        assertThat(product).startsWith("PostgreSQL");
        Integer appTables = jdbc.sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'app'"
                        + " AND table_name = 'analysis_job'")
                .query(Integer.class)
                .single();
        assertThat(appTables).isEqualTo(1);
        assertThat(dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class).getExceptionOverride())
                .as("the pool is emptied when the database ends a session")
                .isInstanceOf(EvictPoolOnOutage.class);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void dropQuietly(String name) {
        try {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }
}
