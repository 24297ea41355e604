package org.ichcds.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.dicom.SyntheticCtSeries;
import org.ichcds.reporting.CardFactory;
import org.ichcds.reporting.DiagnosticReportWriter;
import org.ichcds.reporting.ReportResources;
import org.ichcds.reporting.StudyFindings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Analyses a synthetic head series before the server reports ready, writing nothing: the same parse, HU volume,
 * preprocessing, model, aggregation, FHIR report building and encoding, card building and result JSON as a real
 * analysis. On a 2-core machine the JIT compiling that path during the first real studies took as much CPU as the
 * analysis itself (and TensorFlow's first calls allocate their buffers), so the first patients' studies were the slowest.
 * It runs as an {@link ApplicationRunner}: the web server is up, {@code /readyz} answers 503 until it ends, so a load
 * balancer sends no hook to a cold replica. Nothing is stored: no job, no FHIR resource, no outbox row.
 */
final class ServerWarmUp implements ApplicationRunner {

    /**
     * Settings of the warm-up ({@code ichcds.analysis.warm-up.*}).
     *
     * @param analyses synthetic analyses run at start; 0 switches the warm-up off
     * @param slices slices of the synthetic series (512 × 512)
     */
    @ConfigurationProperties("ichcds.analysis.warm-up")
    record WarmUpProperties(
            @DefaultValue("3") int analyses,
            @DefaultValue("40") int slices) {

        WarmUpProperties {
            if (analyses < 0 || analyses > 100) {
                throw new IllegalArgumentException(
                        "ichcds.analysis.warm-up.analyses must be within 0..100, was " + analyses);
            }
            if (slices < 1 || slices > 400) {
                throw new IllegalArgumentException(
                        "ichcds.analysis.warm-up.slices must be within 1..400, was " + slices);
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ServerWarmUp.class);
    private static final String ID = "warm-up";

    private final VolumeAnalyzer analyzer;
    private final StudyLoader loader;
    private final ReportEncoder encoder;
    private final ObjectMapper json;
    private final WarmUpProperties properties;
    private final DiagnosticReportWriter reports = new DiagnosticReportWriter();
    private final CardFactory cards = new CardFactory();

    /** Encodes a transaction as the FHIR store would send it, without storing it. */
    interface ReportEncoder {
        String encode(Bundle transaction);
    }

    ServerWarmUp(
            VolumeAnalyzer analyzer,
            StudyLoader loader,
            ReportEncoder encoder,
            ObjectMapper json,
            WarmUpProperties properties) {
        this.analyzer = analyzer;
        this.loader = loader;
        this.encoder = encoder;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.analyses() == 0) {
            return;
        }
        long start = System.nanoTime();
        try {
            List<byte[]> series = syntheticSeries(properties.slices());
            long last = 0;
            for (int i = 0; i < properties.analyses(); i++) {
                long one = System.nanoTime();
                analyse(series);
                last = ms(one);
            }
            log.info(
                    "warm-up: {} synthetic analyses of {} slices in {} ms (the last {} ms); nothing stored",
                    properties.analyses(),
                    properties.slices(),
                    ms(start),
                    last);
        } catch (Exception | LinkageError e) {
            // a warm-up is an optimisation: a server that cannot run it still serves, and the first study shows the
            // real error in its own job
            log.warn("warm-up failed after {} ms, the first analyses will be slower: {}", ms(start), e.toString());
        }
    }

    /** One synthetic analysis, from encoded instances to cards and report JSON; returns the findings. */
    StudyFindings analyse(List<byte[]> series) throws DicomFormatException, java.io.IOException {
        LoadedStudy loaded = loader.fromEncoded(series, "the warm-up series");
        CtVolume volume = loaded.volume();
        StudyTarget target = new StudyTarget(
                volume.studyUid(),
                URI.create("urn:ichcds:warm-up"),
                "Patient/warm-up",
                "ImagingStudy/warm-up",
                List.of());
        StudyFindings study = analyzer.analyze(ID, target, volume).findings();
        ReportResources resources = reports.build(study);
        encoder.encode(reports.asTransaction(resources));
        List<String> sops =
                volume.slices().stream().map(CtVolume.CtSlice::sopInstanceUid).toList();
        String result = json.writeValueAsString(
                new AnalysisResult(study, sops, volume.rows(), volume.columns(), List.of(), null));
        json.readValue(result, AnalysisResult.class);
        json.writeValueAsString(cards.studyCards(study, "http://localhost/viewer/analyses/" + ID, resources));
        return study;
    }

    static List<byte[]> syntheticSeries(int slices) {
        SyntheticCtSeries head = new SyntheticCtSeries();
        head.head = true;
        head.slices = slices;
        head.rows = 512;
        head.columns = 512;
        head.pixelSpacing = 0.45;
        head.sliceSpacing = 5;
        head.origin = new double[] {-115, -115, 0};
        return head.toBytes();
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
