package org.ichcds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SIGTERM to a real server process ({@code java -jar target/ichcds.jar serve}, as a process manager stops it) while an
 * analysis runs: the process exits within its grace period, its log has no error (the database is closed after the
 * JPA layer, not under it), and the analysis is handed back (QUEUED with its one execution, which db-scheduler runs once
 * on the next start or on another replica). The PACS answers through a gated proxy that holds the analysis's fetch, so
 * the analysis is under way at the signal and cannot finish within the grace period, every run.
 */
class GracefulShutdownIT {

    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void sigtermHandsTheRunningAnalysisBackAndLogsNoError() throws Exception {
        ItEnvironment environment = ItEnvironment.get();
        Path dir = Files.createTempDirectory(environment.dir, "shutdown");
        int port = ItEnvironment.freePort();
        String base = "http://127.0.0.1:" + port;
        Path log = dir.resolve("server.log");
        try (GatedDicomWebProxy pacs = new GatedDicomWebProxy(environment.pacs.baseUrl())) {
            Process server = new ProcessBuilder(command(environment, dir, port, pacs.baseUrl()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                awaitReady(server, base, log);
                ItHooks hooks = new ItHooks(base, FhirContext.forR4Cached().newRestfulGenericClient(base + "/fhir"));
                ItHooks.Registered study =
                        hooks.registerPositivePhantom(4242, pacs.baseUrl().resolve("dicom-web"));
                pacs.closeGate();
                String path = "/cds-services/ich-study-complete";
                HttpResponse<String> first = hooks.post(path, hooks.studyComplete(study), hooks.token(path));
                assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
                assertThat(pacs.awaitHeld(Duration.ofSeconds(60)))
                        .as("the analysis started its fetch")
                        .isTrue();

                long stopping = System.nanoTime();
                server.destroy(); // SIGTERM
                boolean exited = server.waitFor(2 * GRACE.toSeconds() + 30, TimeUnit.SECONDS);
                Duration took = Duration.ofNanos(System.nanoTime() - stopping);

                String text = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(exited)
                        .as("exited within the grace period and the context's close; log:%n%s", text)
                        .isTrue();
                // 143 = 128 + SIGTERM: the JVM ends a signalled process so when its shutdown hooks have run
                assertThat(server.exitValue()).as(text).isIn(0, 143);
                assertThat(text)
                        .doesNotContain("Database is already closed")
                        .doesNotContain("The database has been closed")
                        .doesNotContain(" ERROR ")
                        .contains("handed back: the server is stopping");
                System.out.printf("server stopped %d ms after SIGTERM%n", took.toMillis());
                assertHandedBack(dir, study);
            } finally {
                server.destroyForcibly();
            }
        }
    }

    private static void assertHandedBack(Path dir, ItHooks.Registered study) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:file:" + dir.resolve("h2").toAbsolutePath());
        database.setUser("sa");
        JdbcClient jdbc = JdbcClient.create(database);
        Map<String, Object> job = jdbc.sql("SELECT id, status, attempts FROM app.analysis_job WHERE study_uid = ?")
                .param(study.stored().studyUid())
                .query()
                .singleRow();
        int waiting = executions(jdbc, job.get("ID"), false);
        int picked = executions(jdbc, job.get("ID"), true);
        System.out.printf(
                "analysis at shutdown: %s after %s attempt(s); executions waiting %d, still marked picked %d%n",
                job.get("STATUS"), job.get("ATTEMPTS"), waiting, picked);
        // queued again, with exactly one execution waiting for the next server
        assertThat(job.get("STATUS")).isEqualTo("QUEUED");
        assertThat(job.get("ATTEMPTS")).isEqualTo(1);
        assertThat(waiting).isEqualTo(1);
        assertThat(picked).isZero();
    }

    private static int executions(JdbcClient jdbc, Object analysisId, boolean picked) {
        return jdbc.sql("SELECT COUNT(*) FROM app.scheduled_tasks WHERE task_instance = ? AND picked = ?")
                .param(analysisId)
                .param(picked)
                .query(Integer.class)
                .single();
    }

    private static List<String> command(ItEnvironment environment, Path dir, int port, URI pacs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-jar",
                Path.of("target", "ichcds.jar").toString(),
                "serve",
                "--port",
                String.valueOf(port)));
        Map<String, String> settings = new java.util.TreeMap<>(environment.properties());
        settings.remove("server.port");
        // the receivers of the tests' own server hold their port: this one runs without them
        settings.keySet().removeIf(key -> key.startsWith("ichcds.intake."));
        settings.put("ichcds.cds.trusted-clients[0].fhir-servers[0]", "http://127.0.0.1:" + port + "/fhir");
        // a URL without DB_CLOSE_ON_EXIT: the server adds it (an operator's URL need not know)
        settings.put(
                "spring.datasource.url", "jdbc:h2:file:" + dir.resolve("h2").toAbsolutePath());
        settings.put("ichcds.analysis.shutdown-grace", GRACE.toSeconds() + "s");
        // the PACS through the gated proxy (the same credentials, which the proxy passes on)
        settings.put("ichcds.dicomweb.sources[0].url", pacs.toString());
        settings.put("ichcds.analysis.time-budget", "100ms");
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        return command;
    }

    private static void awaitReady(Process server, String base, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (System.nanoTime() < deadline) {
            // HAPI JPA takes about a minute to start alone; much longer on a machine busy with other builds
            assertThat(server.isAlive())
                    .as("server exited early:%n%s", Files.readString(log))
                    .isTrue();
            try {
                HttpResponse<Void> ready = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("server not ready within 20 minutes:\n" + Files.readString(log));
    }
}
