package org.ichcds.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.ichcds.inference.NativeRuntime;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds bench startup}: {@code serve} started as an operator starts it ({@code java -jar}, the launcher's heap
 * and TensorFlow settings, a fresh H2 database and the model), timed from the process start to {@code /readyz}
 * answering 200, with its resident memory then; alternately as is, with a class data sharing archive (the jar
 * extracted by Spring Boot's tools jar mode, the archive dumped from the classes a start loaded before its context
 * refresh ended), and without the warm-up, so that all three are measured in the same run.
 */
@Command(
        name = "startup",
        mixinStandardHelpOptions = true,
        description = "Time serve from process start to /readyz 200 and its resident memory then: as is, with a JVM"
                + " class data sharing (CDS) archive, and without the warm-up, alternately.")
final class BenchStartupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "3", description = "starts of each kind (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--model", defaultValue = Main.DEFAULT_MODEL, description = "model (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--jar", defaultValue = "target/ichcds.jar", description = "the jar (default: ${DEFAULT-VALUE})")
    Path jar;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** One start: milliseconds to ready, resident MB at ready. */
    record Start(double readyMs, double residentMb) {}

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 20) {
            throw new OneLineErrors.UsageException("--runs must be 1..20");
        }
        if (!Files.isRegularFile(jar)) {
            throw new OneLineErrors.UsageException("no jar at " + jar + ": build it first (./ichcds builds it)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(NativeRuntime.current().describe(0) + " (the server's default)");
        Path dir = Files.createTempDirectory("ichcds-bench-startup-");
        try {
            Path extracted = extract(dir.resolve("extracted"));
            Path archive = dir.resolve("ichcds.jsa");
            long dump = System.nanoTime();
            dumpArchive(dir, extracted, archive);
            out.printf(
                    Locale.ROOT,
                    "CDS archive: %.0f MB, made in %.1f s (a start that lists the classes it loads, then the dump)%n",
                    Files.size(archive) / 1e6,
                    (System.nanoTime() - dump) / 1e9);
            List<Start> plain = new ArrayList<>();
            List<Start> shared = new ArrayList<>();
            List<Start> cold = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                plain.add(run(dir, List.of(), jar.toAbsolutePath(), true, List.of()));
                shared.add(run(dir, List.of("-XX:SharedArchiveFile=" + archive), extracted, true, List.of()));
                cold.add(run(
                        dir, List.of(), jar.toAbsolutePath(), true, List.of("--ichcds.analysis.warm-up.analyses=0")));
            }
            print(out, "java -jar (as ./ichcds serve runs it)", plain);
            print(out, "with the CDS archive (extracted jar)", shared);
            print(out, "java -jar without the warm-up (ichcds.analysis.warm-up.analyses=0)", cold);
            out.printf(
                    Locale.ROOT,
                    "  ratio CDS / as is: time to ready %.2f, resident memory %.2f; the warm-up adds %.1f s%n",
                    median(shared, Start::readyMs) / median(plain, Start::readyMs),
                    median(shared, Start::residentMb) / median(plain, Start::residentMb),
                    (median(plain, Start::readyMs) - median(cold, Start::readyMs)) / 1000);
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
        return 0;
    }

    private void print(PrintWriter out, String kind, List<Start> starts) {
        out.printf(
                Locale.ROOT,
                "%s, %d starts: ready after median %.1f s (min %.1f, max %.1f); resident at ready median %.0f MB%n",
                kind,
                starts.size(),
                median(starts, Start::readyMs) / 1000,
                starts.stream().mapToDouble(Start::readyMs).min().orElse(0) / 1000,
                starts.stream().mapToDouble(Start::readyMs).max().orElse(0) / 1000,
                median(starts, Start::residentMb));
    }

    private static double median(List<Start> starts, java.util.function.ToDoubleFunction<Start> figure) {
        return new Timings(starts.stream().mapToDouble(figure).toArray()).median();
    }

    /**
     * A static CDS archive: one start that lists the classes it loads and exits after the context refresh, then the
     * dump. The lambda-proxy entries of the list are left out: with them, OpenJDK 17.0.15's dump crashed (SIGSEGV in
     * SystemDictionaryShared::adjust_lambda_proxy_class_dictionary, the same with -XX:ArchiveClassesAtExit).
     */
    private void dumpArchive(Path dir, Path extracted, Path archive) throws Exception {
        Path listed = dir.resolve("classes.lst");
        run(
                dir,
                List.of("-XX:DumpLoadedClassList=" + listed, "-Dspring.context.exit=onRefresh"),
                extracted,
                false,
                List.of());
        Path classes = dir.resolve("classes-without-lambda-proxies.lst");
        Files.write(
                classes,
                Files.readAllLines(listed).stream()
                        .filter(line -> !line.startsWith("@"))
                        .toList());
        Process process = new ProcessBuilder(
                        java(),
                        "-Xshare:dump",
                        "-XX:SharedClassListFile=" + classes,
                        "-XX:SharedArchiveFile=" + archive,
                        "-jar",
                        extracted.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dump.log").toFile())
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.isRegularFile(archive)) {
            List<String> log = Files.readAllLines(dir.resolve("dump.log"));
            throw new IllegalStateException("the CDS dump failed: "
                    + String.join("\n", log.subList(Math.max(0, log.size() - 10), log.size())));
        }
    }

    /** Spring Boot's tools jar mode: the application jar beside its libraries, a layout CDS can map. */
    private Path extract(Path destination) throws Exception {
        Process process = new ProcessBuilder(
                        java(),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "extract",
                        "--destination",
                        destination.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("extracting the jar failed: " + said.strip());
        }
        return destination.resolve(jar.getFileName());
    }

    /** One start of serve; with {@code awaitReady}, the time to /readyz 200 and the resident memory then. */
    private Start run(Path dir, List<String> jvmOptions, Path application, boolean awaitReady, List<String> settings)
            throws Exception {
        int port = BenchHooksCommand.freePort();
        Path data = Files.createTempDirectory(dir, "run-");
        // the JVM options of './ichcds serve' (the launcher's server_heap_opts and server_jit_opts)
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-Xmx4g",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=256m"));
        command.add("-Djava.util.logging.config.file="
                + Path.of("src/main/resources/logging.properties").toAbsolutePath());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                application.toString(),
                "serve",
                "--port=" + port,
                "--management.server.port=0",
                "--logging.level.root=WARN",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("h2").toAbsolutePath(),
                "--ichcds.inference.model-dir=" + model.toAbsolutePath(),
                "--ichcds.intake.spool-dir=" + data.resolve("spool")));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile());
        builder.environment().put("TF_ENABLE_ONEDNN_OPTS", "0");
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            if (!awaitReady) {
                if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException("the class-listing start failed: " + tail(data));
                }
                return new Start(0, 0);
            }
            while (!ready(port)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("serve exited during start-up: " + tail(data));
                }
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("serve not ready after 5 minutes: " + tail(data));
                }
                Thread.sleep(20);
            }
            double readyMs = (System.nanoTime() - start) / 1e6;
            return new Start(readyMs, residentMb(process.pid()));
        } finally {
            process.destroy(); // SIGTERM: the server's own graceful stop
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<Void> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** VmRSS of a process, in MB (Linux). */
    static double residentMb(long pid) throws IOException {
        return statusMb(pid, "VmRSS:");
    }

    /** VmHWM, the peak resident memory of a process, in MB (Linux). */
    static double peakResidentMb(long pid) throws IOException {
        return statusMb(pid, "VmHWM:");
    }

    private static double statusMb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static String tail(Path data) throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("server.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
