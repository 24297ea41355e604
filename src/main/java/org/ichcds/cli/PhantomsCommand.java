package org.ichcds.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ichcds.training.phantoms.LookAlikeRates;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ichcds phantoms}: writes a synthetic head CT data set in the RSNA/BHX formats. */
@Command(
        name = "phantoms",
        mixinStandardHelpOptions = true,
        description = {
            "Generate synthetic non-contrast head CT studies with known hemorrhages.",
            "",
            "Layout of DIR:",
            "  dicom/<StudyInstanceUID>/ID_<hex>.dcm",
            "               one CT image per slice; the file stem is the RSNA-style",
            "               image id: ID_ + the first 10 hex digits of",
            "               SHA-256(SOPInstanceUID)",
            "  labels.csv   RSNA 2019: ID,Label with rows ID_<hex>_<label>,0|1 (any,",
            "               epidural, intraparenchymal, intraventricular,",
            "               subarachnoid, subdural, chronic)",
            "  boxes.csv    BHX: SOPInstanceUID,SeriesInstanceUID,StudyInstanceUID,",
            "               data,labelName,labelType",
            "  studies.csv  study-level truth per label and split (train/val/test,",
            "               70/20/10 by study), then style, matrix, pixel spacing,",
            "               thickness, slice spacing, kernel, tilt, storage, padding,",
            "               motion and lesion volume",
            "  images.csv   image id -> SOPInstanceUID, series, study, instance number,",
            "               split",
            "Styles:",
            "  classic      the default: what ich-phantom-v1, the demo and the tests use",
            "  randomised   domain randomisation: densities, anatomy, lesions,",
            "               thickness 0.6-5 mm, matrix 512/768, kernel, artefacts,",
            "               tilt, motion, padding and pixel storage drawn per study",
            "  heldout      another anatomy, textures and lesion shapes: keep it out",
            "               of training and report it apart (out of distribution)",
            "  alternate    a third anatomy and look, sharing nothing built only for",
            "               heldout: long heads flattened on one side, ringed",
            "               folding, unequal ventricles, irregular layered clots,",
            "               coarse noise; for training beside randomised",
            "The same arguments give the same bytes."
        })
final class PhantomsCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--studies", required = true, description = "number of studies")
    int studies;

    @Option(
            names = "--min-free-mb",
            defaultValue = "1024",
            description = "start no study while the output's disk has less than this many MB free; a randomised"
                    + " 512x512 study takes about 40 MB, a classic one 18 MB (default: ${DEFAULT-VALUE})")
    int minFreeMb;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--matrix",
            defaultValue = "256",
            description =
                    "256, 512 or 768; randomised, heldout and alternate make a quarter of the studies at 768 when 512"
                            + " (default: ${DEFAULT-VALUE})")
    int matrix;

    @Option(
            names = "--positive-fraction",
            defaultValue = "0.5",
            description = "fraction of studies with hemorrhage (default: ${DEFAULT-VALUE})")
    double positiveFraction;

    @Option(
            names = "--style",
            defaultValue = "classic",
            description = "classic, randomised, heldout or alternate (default: ${DEFAULT-VALUE})")
    String style;

    @Option(
            names = "--rsna-identifiers",
            description = "write the RSNA 2019 data set's own identifiers (ID_ and hex digits) as Study, Series and SOP"
                    + " Instance UIDs, as its files do, instead of 2.25 UIDs")
    boolean rsnaIdentifiers;

    @Option(
            names = "--look-alikes",
            paramLabel = "NAME=P[,NAME=P...]",
            description = "chances of hemorrhage look-alikes in place of the style's own (randomised, heldout and"
                    + " alternate only), e.g. hyperdense-vessel=0.6,falx-calcification=0.6 for a set rich in hard"
                    + " negatives; names: pineal (0.65), choroid-plexus (0.55), falx-calcification (0.4), hyperdense-sinus"
                    + " (0.3), basal-ganglia (0.15), streaks (0.6), hyperdense-vessel (0.2), post-contrast (0.1);"
                    + " a study keeps the truth, split, head shape, scan grid and acquisition its seed gives")
    String lookAlikes;

    @Override
    public Integer call() {
        if (studies < 1) {
            throw new OneLineErrors.UsageException("--studies must be at least 1, was " + studies);
        }
        PhantomSettings settings;
        try {
            settings = new PhantomSettings(
                    seed,
                    matrix,
                    positiveFraction,
                    rsnaIdentifiers ? PhantomSettings.Identifiers.RSNA : PhantomSettings.Identifiers.DICOM,
                    PhantomStyle.fromCode(style),
                    LookAlikeRates.parse(lookAlikes));
        } catch (IllegalArgumentException e) {
            throw new OneLineErrors.UsageException(e.getMessage());
        }
        PhantomDatasetWriter writer =
                new PhantomDatasetWriter(settings, Runtime.getRuntime().availableProcessors(), (long) minFreeMb << 20);
        PhantomDatasetWriter.Summary summary;
        try (ProgressBar bar = ProgressBars.onStderr("phantoms", studies, " studies")) {
            summary = writer.write(out, studies, slices -> bar.step());
        } catch (PhantomDatasetWriter.DiskSpaceException e) {
            throw new OneLineErrors.UsageException(e.getMessage() + " (--min-free-mb)");
        }
        System.out.println("wrote " + studies + " studies to " + out);
        // generation only (no file writing), summed over the threads: a figure that does not depend on the cores
        System.out.printf(
                java.util.Locale.ROOT,
                "generated %d %s studies, %d slices: %.0f ms per study, %.0f ms per 40 slices of 512x512%n",
                summary.studies(),
                style,
                summary.slices(),
                summary.msPerStudy(),
                summary.msPer40Slices512());
        return 0;
    }
}
