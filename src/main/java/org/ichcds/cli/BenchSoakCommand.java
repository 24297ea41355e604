package org.ichcds.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.ichcds.IchCdsApplication;
import org.ichcds.authserver.AuthorizationServer;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.demo.StudyRegistration;
import org.ichcds.pacs.OrthancServer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ichcds bench soak}: hooks at a steady rate for many minutes against the server (in this JVM, with the model, a
 * private Orthanc and an authorization server, as {@code bench hooks} starts them), and the heap after a full GC every
 * few seconds. Memory that grows with traffic shows as a slope; bounded caches fill during the first minutes (a
 * {@code jti} is remembered until its token expires, 5 minutes) and then stay level, so the verdict is on the second
 * half. The heap is this JVM's: server and load generator together (the generator keeps no per-call state).
 */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = "Send hooks at a steady rate for many minutes (cached and new study-complete, order-sign,"
                + " discovery) and print the heap after GC over time, with its slope.")
final class BenchSoakCommand implements Callable<Integer> {

    @Mixin
    SoakOptions options = new SoakOptions();

    @Override
    public Integer call() throws Exception {
        BenchHooksCommand setup = options.setup();
        AnalyzeCommand.quietPixelMed();
        PrintWriter out = new PrintWriter(System.out, true);
        Path dir = Files.createTempDirectory("ichcds-bench-soak-");
        CdsTokenSigner ehr = CdsTokenSigner.generate(DemoEhr.ISSUER, "RS384");
        Path jwks = CdsTokenSigner.writePublicJwks(dir.resolve("jwks.json"), ehr);
        int port = BenchHooksCommand.freePort();
        String base = "http://127.0.0.1:" + port;
        DemoFhirAccess fhirAccess = new DemoFhirAccess(base + "/fhir");
        fhirAccess.writeClients(dir.resolve("clients.json"), dir);
        try (AuthorizationServer.Running auth = new AuthorizationServer(
                                "127.0.0.1", BenchHooksCommand.freePort(), null, dir.resolve("clients.json"), null)
                        .start();
                OrthancServer pacs = OrthancServer.startOnFreePort(dir.resolve("orthanc"));
                ConfigurableApplicationContext server =
                        IchCdsApplication.start(setup.arguments(pacs, jwks, port, dir, auth, base));
                HookLoad load = new HookLoad(base, ehr, fhirAccess)) {
            fhirAccess.tokenEndpoint(auth.tokenEndpoint());
            int fresh = (int) Math.ceil(options.minutes * 60.0 / options.newStudyEvery) + 1;
            List<StudyRegistration.Registered> studies = setup.store(pacs, fhirAccess, fresh, dir.resolve("phantom"));
            load.untilDone(studies.get(0));
            out.printf(
                    Locale.ROOT,
                    "soak: %d min at %d calls/s from %d clients; a new %d x %d² study every %d s (%d stored);"
                            + " heap after GC every %d s (max heap %.0f MB)%n",
                    options.minutes,
                    options.rate,
                    options.clients,
                    options.slices,
                    options.matrix,
                    options.newStudyEvery,
                    fresh,
                    options.sampleEvery,
                    Runtime.getRuntime().maxMemory() / 1e6);
            Duration newEvery = Duration.ofSeconds(options.newStudyEvery);
            HeapCurve curve = run(load, () -> SoakMix.of(load, base, studies, newEvery), out);
            verdict(out, curve, server.getBean(JdbcClient.class));
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
        return 0;
    }

    /** Sends the mix at the rate until the time is up, sampling the heap on the side. */
    private HeapCurve run(HookLoad load, MixSource source, PrintWriter out) throws Exception {
        // the hooks carry the EHR's FHIR access token (fhirAuthorization), which lives 5 minutes: rebuilt every 2
        AtomicReference<SoakMix> mix = new AtomicReference<>(source.build());
        Thread refresher = new Thread(() -> refresh(mix, source), "soak-token-refresh");
        refresher.setDaemon(true);
        refresher.start();
        try {
            return run(load, mix, out);
        } finally {
            refresher.interrupt();
        }
    }

    /** Builds the calls of the mix (signing happens per call; the FHIR token is in the body). */
    interface MixSource {
        SoakMix build() throws Exception;
    }

    private static void refresh(AtomicReference<SoakMix> mix, MixSource source) {
        try {
            while (true) {
                Thread.sleep(Duration.ofMinutes(2).toMillis());
                mix.set(source.build());
            }
        } catch (InterruptedException e) {
            // the run is over
        } catch (Exception e) {
            throw new IllegalStateException("could not rebuild the hook calls: " + e.getMessage(), e);
        }
    }

    private HeapCurve run(HookLoad load, AtomicReference<SoakMix> mix, PrintWriter out) throws InterruptedException {
        HeapCurve curve = new HeapCurve();
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong behind = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        // the clients; a call that finds them all busy and the queue full is counted, not queued without end
        ThreadPoolExecutor clients = new ThreadPoolExecutor(
                options.clients,
                options.clients,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(options.clients * 4),
                new ThreadPoolExecutor.AbortPolicy());
        Thread sampler = new Thread(() -> sample(curve, sent, failed, out), "soak-heap-sampler");
        long start = System.nanoTime();
        long end = start + Duration.ofMinutes(options.minutes).toNanos();
        long period = 1_000_000_000L / options.rate;
        out.println("  minute  heap after GC  calls sent  failed  client behind");
        sampler.setDaemon(true);
        sampler.start();
        try {
            for (long i = 0; start + i * period < end; i++) {
                LockSupport.parkNanos(start + i * period - System.nanoTime());
                HookLoad.Call call = mix.get().next(i, (System.nanoTime() - start) / 1e9);
                try {
                    clients.execute(() -> {
                        try {
                            load.send(call.prepare());
                        } catch (Exception | Error e) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                        sent.incrementAndGet();
                    });
                } catch (RejectedExecutionException e) {
                    behind.incrementAndGet();
                }
            }
        } finally {
            sampler.interrupt();
            sampler.join();
            clients.shutdown();
            clients.awaitTermination(1, TimeUnit.MINUTES);
        }
        curve.sample((System.nanoTime() - start) / 6e10, sent.get());
        print(out, curve.samples().get(curve.samples().size() - 1), failed.get(), behind.get());
        if (firstError.get() != null) {
            out.println("  first failure: " + firstError.get());
        }
        return curve;
    }

    private void sample(HeapCurve curve, AtomicLong sent, AtomicLong failed, PrintWriter out) {
        long start = System.nanoTime();
        try {
            while (true) {
                print(out, curve.sample((System.nanoTime() - start) / 6e10, sent.get()), failed.get(), -1);
                Thread.sleep(options.sampleEvery * 1000L);
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    private static void print(PrintWriter out, HeapCurve.Sample s, long failed, long behind) {
        out.printf(
                Locale.ROOT,
                "  %6.2f  %9.1f MB  %10d  %6d  %s%n",
                s.minutes(),
                s.heapMb(),
                s.calls(),
                failed,
                behind < 0 ? "" : Long.toString(behind));
    }

    private void verdict(PrintWriter out, HeapCurve curve, JdbcClient jdbc) {
        List<HeapCurve.Sample> samples = curve.samples();
        double half = options.minutes / 2.0;
        double secondHalf = curve.slopeFrom(half);
        List<String> statuses = new ArrayList<>(
                jdbc.sql("SELECT status || ' ' || COUNT(*) FROM app.analysis_job GROUP BY status ORDER BY status")
                        .query(String.class)
                        .list());
        out.printf(
                Locale.ROOT,
                "analyses: %s; heap after GC: first %.1f MB, last %.1f MB, min %.1f MB, max %.1f MB%n",
                String.join(", ", statuses),
                samples.get(0).heapMb(),
                samples.get(samples.size() - 1).heapMb(),
                samples.stream().mapToDouble(HeapCurve.Sample::heapMb).min().orElseThrow(),
                samples.stream().mapToDouble(HeapCurve.Sample::heapMb).max().orElseThrow());
        out.printf(
                Locale.ROOT,
                "verdict: slope %.2f MB/min over the whole run, %.2f MB/min from minute %.1f on: %s%n",
                curve.slopeFrom(0),
                secondHalf,
                half,
                secondHalf < 1.0
                        ? "flat (under 1 MB/min)"
                        : "GROWING (1 MB/min or more: something keeps memory per call)");
    }

    /** What is sent: cached and new study-complete, order-sign and discovery, in fixed proportions. */
    record SoakMix(
            HookLoad.Call cached,
            HookLoad.Call orderSign,
            HookLoad.Call discovery,
            List<HookLoad.Call> fresh,
            Duration newEvery) {

        static SoakMix of(HookLoad load, String base, List<StudyRegistration.Registered> studies, Duration newEvery)
                throws Exception {
            List<HookLoad.Call> fresh = new ArrayList<>();
            for (StudyRegistration.Registered study : studies.subList(1, studies.size())) {
                fresh.add(load.studyComplete(study)); // built once: each call signs a new token
            }
            return new SoakMix(
                    load.studyComplete(studies.get(0)),
                    load.orderSign(studies.get(0)),
                    () -> new HttpGet(base + "/cds-services"),
                    fresh,
                    newEvery);
        }

        /**
         * The i-th call at this second of the run: 50 % cached study-complete, 20 % order-sign, 10 % discovery, 20 %
         * study-complete of the new studies so far, one more every new-study interval (the first call for a study
         * starts its analysis; later ones are cached once it is done).
         */
        HookLoad.Call next(long i, double seconds) {
            int started = Math.min(fresh.size(), 1 + (int) (seconds / newEvery.toSeconds()));
            int slot = (int) (i % 10);
            if (slot < 5) {
                return cached;
            }
            if (slot < 7) {
                return orderSign;
            }
            if (slot < 8) {
                return discovery;
            }
            return fresh.get((int) ((i / 10) % started));
        }
    }
}
