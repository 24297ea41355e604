package org.ichcds.training.phantoms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.StudyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomised, held-out and alternate studies written as DICOM and read back by the project's own reader: the HU, the grid and
 * the truth must survive every storage, padding, matrix, thickness, tilt and motion the styles draw.
 */
class PhantomStyleStudiesTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedGivesTheSameRandomisedHeldOutAndAlternateStudies() {
        for (PhantomStyle style :
                new PhantomStyle[] {PhantomStyle.RANDOMISED, PhantomStyle.HELDOUT, PhantomStyle.ALTERNATE}) {
            PhantomGenerator a = new PhantomGenerator(PhantomStyleDrawsTest.settings(style, 256));
            PhantomGenerator b = new PhantomGenerator(PhantomStyleDrawsTest.settings(style, 256));
            int index = find(a, (plan, d) -> plan.positive() && d.geometry().slices() < 40);
            PhantomStudy first = a.generate(a.plan(200).get(index));
            PhantomStudy again = b.generate(b.plan(200).get(index));
            assertThat(again.style()).isEqualTo(style);
            for (int s = 0; s < first.volume().sliceCount(); s++) {
                assertThat(again.volume().slices().get(s).hu())
                        .isEqualTo(first.volume().slices().get(s).hu());
                assertThat(again.slices().get(s).labels())
                        .isEqualTo(first.slices().get(s).labels());
            }
            assertThat(again.lesionVolumeMl()).isEqualTo(first.lesionVolumeMl()).isPositive();
        }
    }

    @Test
    void wrappedTwelveBitPixelsReadBackToTheGeneratedHu() throws Exception {
        PhantomStudy study = generate(
                PhantomStyle.RANDOMISED, 256, (p, d) -> d.acquisition().storage() == Acquisition.Storage.WRAPPED_12);
        AttributeList first = roundTrip(study);
        assertThat(first.get(TagFromName.BitsStored).getSingleIntegerValueOrDefault(0))
                .isEqualTo(12);
        assertThat(first.get(TagFromName.PixelRepresentation).getSingleIntegerValueOrDefault(-1))
                .isZero();
        assertThat(first.get(TagFromName.RescaleIntercept).getSingleDoubleValueOrDefault(-1))
                .isZero();
        // the stored air really wraps: -1000 HU is stored as 3096, above the brain's stored values
        short[] raw = first.getPixelData().getShortValues();
        assertThat(raw[0] & 0xffff).isEqualTo(3096);
    }

    @Test
    void signedPaddingIsDeclaredAsSignedAndReadsBackAsAir() throws Exception {
        PhantomStudy study = generate(
                PhantomStyle.RANDOMISED,
                256,
                (p, d) -> d.acquisition().paddingTag() && d.acquisition().storage().pixelRepresentation == 1);
        AttributeList first = roundTrip(study);
        Attribute padding = first.get(TagFromName.PixelPaddingValue);
        assertThat(padding.getVRAsString()).isEqualTo("SS");
        int intercept = study.acquisition.storage().intercept;
        assertThat(padding.getSingleIntegerValueOrDefault(0) + intercept)
                .isEqualTo((int) study.acquisition.paddingHu());
        assertThat(first.getPixelData().getShortValues()[0])
                .isEqualTo((short) padding.getSingleIntegerValueOrDefault(0));
        assertThat(study.volume().slices().get(0).hu()[0]).isEqualTo(CtVolume.MIN_HU);
    }

    @Test
    void unsignedPaddingIsDeclaredAsUnsigned() throws Exception {
        PhantomStudy study = generate(
                PhantomStyle.HELDOUT,
                256,
                (p, d) -> d.acquisition().paddingTag() && d.acquisition().storage().pixelRepresentation == 0);
        AttributeList first = roundTrip(study);
        Attribute padding = first.get(TagFromName.PixelPaddingValue);
        assertThat(padding.getVRAsString()).isEqualTo("US");
        assertThat(padding.getSingleIntegerValueOrDefault(-1)).isZero();
    }

    @Test
    void a768MatrixOfThickSlicesLoadsWithItsSpacing() throws Exception {
        PhantomStudy study = generate(
                PhantomStyle.RANDOMISED,
                512,
                (p, d) -> d.geometry().matrix() == 768
                        && d.geometry().thickness() >= 4
                        && !d.geometry().tilted());
        roundTrip(study);
        CtVolume loaded = load(study);
        assertThat(loaded.rows()).isEqualTo(768);
        assertThat(loaded.rowSpacingMm()).isCloseTo(study.geometry.pixelSpacing(), within(1e-4));
        assertThat(loaded.sliceThicknessMm()).isEqualTo(study.geometry.thickness());
        assertThat(loaded.sliceSpacingMm()).isCloseTo(study.geometry.sliceSpacing(), within(1e-3));
    }

    @Test
    void thinSlicesLoadWithTheirThicknessAndSpacing() throws Exception {
        PhantomStudy study =
                generate(PhantomStyle.RANDOMISED, 256, (p, d) -> d.geometry().thickness() <= 0.75);
        roundTrip(study);
        CtVolume loaded = load(study);
        assertThat(loaded.sliceThicknessMm())
                .isEqualTo(study.geometry.thickness())
                .isLessThanOrEqualTo(0.75);
        assertThat(loaded.sliceSpacingMm()).isCloseTo(study.geometry.sliceSpacing(), within(1e-3));
        assertThat(loaded.sliceCount()).isEqualTo(study.geometry.slices());
    }

    @Test
    void tiltedStudiesLoadAlongTheirNormalAndTheirBoxesStayOnTheLesions() throws Exception {
        PhantomStudy study = generate(
                PhantomStyle.RANDOMISED,
                256,
                (p, d) -> p.positive() && d.geometry().tilted() && d.geometry().thickness() >= 2.5);
        AttributeList first = roundTrip(study);
        double tilt = study.geometry.tiltDegrees();
        assertThat(Attribute.getSingleDoubleValueOrDefault(first, new com.pixelmed.dicom.AttributeTag(0x18, 0x1120), 0))
                .isCloseTo(tilt, within(1e-4));
        CtVolume loaded = load(study);
        assertThat(loaded.orientation()[5]).isCloseTo(Math.sin(Math.toRadians(tilt)), within(1e-4));
        assertThat(loaded.sliceSpacingMm())
                .isCloseTo(study.geometry.tableStep() * Math.cos(Math.toRadians(tilt)), within(1e-3));
        assertThat(boxPixelsOnTheirLesions(study, loaded)).isGreaterThan(20);
    }

    @Test
    void boxesFollowTheHeadWhenThePatientMoves() throws Exception {
        PhantomStudy study = generate(
                PhantomStyle.HELDOUT,
                256,
                (p, d) -> p.positive() && d.geometry().thickness() >= 2.5,
                true);
        assertThat(study.scene.motion().moved()).isTrue();
        roundTrip(study);
        assertThat(boxPixelsOnTheirLesions(study, load(study))).isGreaterThan(20);
    }

    /**
     * Maps every lesion pixel of every box, through the geometry read back from the files, to head coordinates in
     * that slice's pose, and checks that it lies in its lesion. Returns the number of pixels checked.
     */
    private static int boxPixelsOnTheirLesions(PhantomStudy study, CtVolume loaded) {
        Map<String, CtVolume.CtSlice> bySop = new HashMap<>();
        loaded.slices().forEach(s -> bySop.put(s.sopInstanceUid(), s));
        double[] o = loaded.orientation();
        double ps = loaded.rowSpacingMm();
        Head head = study.scene.head();
        double[] h = new double[3];
        int checked = 0;
        for (int k = 0; k < study.lesions().size(); k++) {
            Lesion lesion = study.scene.lesions().get(k);
            for (PhantomStudy.LesionSlice box : study.lesions().get(k).slices()) {
                CtVolume.CtSlice slice =
                        bySop.get(study.slices().get(box.slice()).sopInstanceUid());
                Pose pose = study.scene.motion().at(box.slice());
                for (int y = 0; y < box.height(); y++) {
                    for (int x = 0; x < box.width(); x++) {
                        if (!box.pixels()[y * box.width() + x]) {
                            continue;
                        }
                        int col = box.x() + x;
                        int row = box.y() + y;
                        double[] p = slice.positionMm();
                        pose.toHead(
                                p[0] + col * ps * o[0] + row * ps * o[3],
                                p[1] + col * ps * o[1] + row * ps * o[4],
                                p[2] + col * ps * o[2] + row * ps * o[5],
                                h);
                        assertThat(head.cavity(h[0], h[1], h[2])).isLessThan(0.05);
                        assertThat(inLesion(lesion, head, h))
                                .as("%s at %s", lesion.subtype(), java.util.Arrays.toString(h))
                                .isTrue();
                        checked++;
                    }
                }
            }
        }
        return checked;
    }

    private static boolean inLesion(Lesion lesion, Head head, double[] h) {
        double tolerance = 0.05;
        if (lesion instanceof Lesion.Parenchymal p) {
            return p.core().distance(h[0], h[1], h[2]) <= tolerance;
        }
        if (lesion instanceof Lesion.ExtraAxial e) {
            double t = e.thickness(h[0], h[1], h[2]);
            return t > 0 && head.ellipsoid(h[0], h[1], h[2]) + t >= -tolerance;
        }
        // blood in CSF spaces may be displaced by the midline shift (at most 15 mm): check its bounding sphere
        double[] b = lesion.bounds();
        double dx = h[0] - b[0];
        double dy = h[1] - b[1];
        double dz = h[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz) <= b[3] + 15;
    }

    private AttributeList roundTrip(PhantomStudy study) throws Exception {
        Path series = dir.resolve(study.volume().studyUid());
        new PhantomDicomWriter().write(study, series);
        CtVolume loaded = load(study);
        assertThat(loaded.sliceCount()).isEqualTo(study.volume().sliceCount());
        for (int s = 0; s < loaded.sliceCount(); s++) {
            assertThat(loaded.slices().get(s).sopInstanceUid())
                    .isEqualTo(study.volume().slices().get(s).sopInstanceUid());
            assertThat(loaded.slices().get(s).hu())
                    .as("HU of slice %d", s)
                    .isEqualTo(study.volume().slices().get(s).hu());
        }
        AttributeList list = new AttributeList();
        list.read(series.resolve(study.slices().get(0).imageId() + ".dcm").toFile());
        return list;
    }

    private CtVolume load(PhantomStudy study) throws Exception {
        return new StudyLoader()
                .fromPath(dir.resolve(study.volume().studyUid()))
                .volume();
    }

    private static PhantomStudy generate(
            PhantomStyle style, int matrix, BiPredicate<StudyPlan, PhantomGenerator.Draft> wanted) {
        return generate(style, matrix, wanted, false);
    }

    /** The first study whose draws are as wanted (and, if asked, whose patient moved), at most 24 slices' worth. */
    private static PhantomStudy generate(
            PhantomStyle style, int matrix, BiPredicate<StudyPlan, PhantomGenerator.Draft> wanted, boolean moved) {
        PhantomGenerator generator = new PhantomGenerator(PhantomStyleDrawsTest.settings(style, matrix));
        var plans = generator.plan(400);
        for (StudyPlan plan : plans) {
            PhantomGenerator.Draft d = generator.draft(plan, 0);
            if (!wanted.test(plan, d) || (moved && !movesIn(generator, plan))) {
                continue;
            }
            PhantomStudy study = generator.generate(plan);
            // a positive study redrawn because its lesion was invisible has other draws: take the next one then
            if (wanted.test(plan, generator.draft(plan, 0))
                    && study.geometry.sliceZ().length == d.geometry().slices()
                    && study.acquisition.equals(d.acquisition())) {
                return study;
            }
        }
        throw new AssertionError("no " + style + " study with the wanted draws among " + plans.size());
    }

    private static boolean movesIn(PhantomGenerator generator, StudyPlan plan) {
        PhantomGenerator.Draft d = generator.draft(plan, 0);
        var r = d.random();
        Pose pose = new Pose(r, d.geometry().sliceZ()[0] - PhantomGenerator.lowestSlice(d.head(), r));
        return Motion.draw(pose, d.geometry().slices(), 0.2, r).moved();
    }

    private static int find(PhantomGenerator g, BiPredicate<StudyPlan, PhantomGenerator.Draft> wanted) {
        for (StudyPlan plan : g.plan(200)) {
            if (wanted.test(plan, g.draft(plan, 0))) {
                return plan.index();
            }
        }
        throw new AssertionError("no study as wanted");
    }
}
