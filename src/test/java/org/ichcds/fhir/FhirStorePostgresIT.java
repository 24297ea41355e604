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
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The FHIR store on the real PostgreSQL server of the machine (127.0.0.1:5432, trust authentication), in a database
 * created for this test run and dropped when the JVM ends, so runs never see each other's data.
 */
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

    @Test
    void storesAndSearchesOnPostgres() {
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
