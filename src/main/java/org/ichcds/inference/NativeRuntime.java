package org.ichcds.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.tensorflow.TensorFlow;

/**
 * What the TensorFlow runtime runs on and with: the CPU's vector extensions and the settings that choose TensorFlow's
 * CPU kernels. Figures and crash reports mean little without it: the same build takes different kernels on an AVX2
 * and an AVX-512 CPU, and {@code TF_ENABLE_ONEDNN_OPTS} swaps oneDNN's kernels for Eigen's.
 *
 * @param cpuModel the CPU's model name, or "unknown"
 * @param cores processors available to this JVM
 * @param vectorFeatures the AVX, AVX-512, AMX and FMA flags the kernel reports, sorted
 * @param oneDnn whether TensorFlow uses oneDNN's CPU kernels (its default on x86-64 unless the variable says 0)
 * @param oneDnnSource where that came from: the variable's value or TensorFlow's default
 * @param maxCpuIsa {@code ONEDNN_MAX_CPU_ISA} when set
 */
public record NativeRuntime(
        String cpuModel,
        int cores,
        List<String> vectorFeatures,
        boolean oneDnn,
        String oneDnnSource,
        Optional<String> maxCpuIsa) {

    /** The environment variable TensorFlow reads once, when its native library loads. */
    public static final String ONEDNN_VARIABLE = "TF_ENABLE_ONEDNN_OPTS";

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    public NativeRuntime {
        vectorFeatures = List.copyOf(vectorFeatures);
    }

    /** This process's runtime. */
    public static NativeRuntime current() {
        List<String> cpuinfo = readCpuinfo();
        return of(cpuinfo, System.getenv(), Runtime.getRuntime().availableProcessors());
    }

    static NativeRuntime of(List<String> cpuinfo, Map<String, String> environment, int cores) {
        String model = field(cpuinfo, "model name").orElse("unknown");
        TreeSet<String> features = new TreeSet<>();
        field(cpuinfo, "flags")
                .ifPresent(flags -> Arrays.stream(flags.split("\\s+"))
                        .filter(f -> f.startsWith("avx") || f.startsWith("amx") || f.equals("fma"))
                        .forEach(features::add));
        String value = environment.get(ONEDNN_VARIABLE);
        // TensorFlow's util/port.cc: oneDNN is on by default on x86-64 Linux; "0" or "false" turns it off
        boolean off = value != null && (value.trim().equals("0") || value.trim().equalsIgnoreCase("false"));
        String source = value == null ? "TensorFlow's default" : ONEDNN_VARIABLE + "=" + value;
        return new NativeRuntime(
                model,
                cores,
                List.copyOf(features),
                !off,
                source,
                Optional.ofNullable(environment.get("ONEDNN_MAX_CPU_ISA")));
    }

    /** Whether the CPU has AVX-512 (foundation). */
    public boolean avx512() {
        return vectorFeatures.contains("avx512f");
    }

    /**
     * Two lines for the top of a benchmark or a start-up log.
     *
     * @param threads the intra-op threads the session was configured with, 0 = one per core
     */
    public String describe(int threads) {
        String isa = maxCpuIsa.map(v -> ", ONEDNN_MAX_CPU_ISA=" + v).orElse("");
        return String.format(
                "cpu: %s, %d cores; vector: %s%ntensorflow %s: oneDNN %s (%s%s), intra-op threads %s",
                cpuModel,
                cores,
                vectorFeatures.isEmpty() ? "none reported" : String.join(" ", vectorFeatures),
                tensorFlowVersion(),
                oneDnn ? "on" : "off",
                oneDnnSource,
                isa,
                threads == 0 ? "one per core" : Integer.toString(threads));
    }

    private static String tensorFlowVersion() {
        try {
            return TensorFlow.version();
        } catch (LinkageError e) {
            return "(native library not loadable: " + e.getMessage() + ")";
        }
    }

    private static Optional<String> field(List<String> cpuinfo, String name) {
        return cpuinfo.stream()
                .filter(line -> line.startsWith(name))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst();
    }

    private static List<String> readCpuinfo() {
        try {
            return Files.readAllLines(CPUINFO);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
