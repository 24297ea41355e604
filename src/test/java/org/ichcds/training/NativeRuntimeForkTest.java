package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ichcds.inference.NativeRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training, export, reload and serving in a JVM of their own, so that a native abort of the TensorFlow runtime fails
 * this test instead of killing the test JVM. It runs on whatever CPU the suite runs on (AVX2 or AVX-512): the network
 * is the one whose strided 1×1 shortcuts once made oneDNN's weight-gradient kernel overwrite the native heap.
 */
class NativeRuntimeForkTest {

    private static final int STEPS = 30;
    private static final int INFERENCE_BATCHES = 300;

    @Test
    void trainsExportsAndServesWithTheSettingsOfTheLauncher(@TempDir Path dir) throws Exception {
        Probe probe =
                runProbe(dir, Map.of(NativeRuntime.ONEDNN_VARIABLE, launcherDefault(NativeRuntime.ONEDNN_VARIABLE)));

        assertThat(probe.exitCode()).as(probe.describe()).isZero();
        assertThat(probe.output()).as(probe.describe()).contains(TrainExportServeProbe.DONE);
    }

    @Test
    void trainsExportsAndServesWithOneDnnOn(@TempDir Path dir) throws Exception {
        // TensorFlow's own default on x86-64: the setting under which the faulty kernel used to be reached
        Probe probe = runProbe(dir, Map.of("TF_ENABLE_ONEDNN_OPTS", "1"));

        assertThat(probe.exitCode()).as(probe.describe()).isZero();
        assertThat(probe.output()).as(probe.describe()).contains(TrainExportServeProbe.DONE);
    }

    @Test
    void surefireRunsTensorFlowAsTheLauncherDoes() throws IOException {
        assertThat(System.getenv(NativeRuntime.ONEDNN_VARIABLE))
                .as("pom.xml's Surefire environment against ./ichcds")
                .isEqualTo(launcherDefault(NativeRuntime.ONEDNN_VARIABLE));
    }

    /** The value ./ichcds exports when the caller has not set the variable: {@code export NAME="${NAME:-value}"}. */
    static String launcherDefault(String name) throws IOException {
        String launcher = Files.readString(Path.of("ichcds"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("export " + name + "=\"\\$\\{" + name + ":-([^}]*)}\"")
                .matcher(launcher);
        assertThat(m.find()).as("./ichcds exports a default for " + name).isTrue();
        return m.group(1);
    }

    private record Probe(int exitCode, String output, Map<String, String> environment) {
        String describe() {
            return "probe JVM with " + environment + " exited " + exitCode + "; its output:\n" + output;
        }
    }

    private static Probe runProbe(Path dir, Map<String, String> environment) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(TrainExportServeProbe.class.getName());
        command.add(dir.toString());
        command.add(Integer.toString(STEPS));
        command.add(Integer.toString(INFERENCE_BATCHES));
        Path log = dir.resolve("probe.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            return new Probe(-1, "(timed out after 5 minutes)\n" + read(log), environment);
        }
        return new Probe(process.exitValue(), read(log), environment);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
