package org.ichcds.training.phantoms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-study draws of the randomised and held-out styles, checked over many studies without rendering them. */
class PhantomStyleDrawsTest {

    private static final int DRAWS = 300;

    @Test
    void randomisedDrawsCoverTheRangesTheIssueAsksForAndStayInThem() {
        PhantomGenerator generator = new PhantomGenerator(settings(PhantomStyle.RANDOMISED, 512));
        Set<Integer> matrices = new HashSet<>();
        Set<Acquisition.Storage> storages = EnumSet.noneOf(Acquisition.Storage.class);
        Set<String> kernels = new HashSet<>();
        double thinnest = Double.MAX_VALUE;
        double thickest = 0;
        int tilted = 0;
        int padded = 0;
        for (StudyPlan plan : generator.plan(DRAWS)) {
            PhantomGenerator.Draft d = generator.draft(plan, 0);
            ScanGeometry g = d.geometry();
            Acquisition a = d.acquisition();
            matrices.add(g.matrix());
            storages.add(a.storage());
            kernels.add(a.kernel());
            thinnest = Math.min(thinnest, g.thickness());
            thickest = Math.max(thickest, g.thickness());
            assertThat(g.fieldOfView()).isBetween(180.0, 260.0);
            assertThat(g.slices()).isBetween(24, RandomisedGeometry.MAX_SLICES);
            assertThat(g.sliceSpacing()).isGreaterThanOrEqualTo(g.thickness() - 1e-9);
            if (g.tilted()) {
                tilted++;
                assertThat(Math.abs(g.tiltDegrees())).isBetween(5.0, 25.0);
            }
            if (a.paddingTag()) {
                padded++;
                assertThat(a.paddingHu()).isIn(-1024.0, -2048.0, -3024.0);
                // the padding must be representable in the storage: unsigned pixels pad with stored 0
                assertThat(a.storage().pixelRepresentation == 0 ? a.paddingHu() == -1024 : a.paddingHu() < -1024)
                        .isTrue();
            }
            assertThat(a.storage() == Acquisition.Storage.WRAPPED_12 && a.paddingTag())
                    .isFalse();
            assertThat(a.noiseSigma()).isBetween(1.0, 25.0);
            assertThat(a.kvp()).isIn(80, 100, 120, 140);
            Head h = d.head();
            assertThat(h.skullThickness).isBetween(3.0, 10.0);
            assertThat(h.squareness).isZero();
            assertThat(h.middleFloor).isLessThan(h.sellaFloor);
            assertThat(h.sellaFloor).isLessThan(h.anteriorFloor);
        }
        assertThat(matrices).containsExactlyInAnyOrder(512, 768);
        assertThat(storages).containsExactlyInAnyOrder(Acquisition.Storage.values());
        assertThat(kernels).hasSizeGreaterThan(8);
        assertThat(thinnest).isEqualTo(0.6);
        assertThat(thickest).isEqualTo(5.0);
        assertThat(tilted).isBetween(DRAWS / 5, DRAWS * 2 / 5);
        assertThat(padded).isBetween(DRAWS / 4, DRAWS * 3 / 4);
    }

    @Test
    void tissueDensitiesStayInsidePlausibleHeadCtRanges() {
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < DRAWS; i++) {
            Head head = Head.of(PhantomStyle.RANDOMISED, r);
            Mimics mimics = Mimics.of(PhantomStyle.RANDOMISED, r);
            Anatomy a = new Anatomy(head, r, mimics, new double[] {1, 1}, PhantomStyle.RANDOMISED);
            assertThat(a.white).isBetween(18.0, 32.0);
            assertThat(a.grey).isBetween(28.0, 48.0).isGreaterThan(a.white);
            assertThat(a.csf).isBetween(-2.0, 18.0).isLessThan(a.white);
            assertThat(a.table).isBetween(1100.0, 2000.0);
            assertThat(a.diploe).isBetween(500.0, 1000.0);
            assertThat(a.fat).isBetween(-130.0, -70.0);
            assertThat(a.venousSinus).isBetween(35.0, 230.0);
            assertThat(a.cellularFolding).isFalse();
        }
    }

    @Test
    void drawsComeFromTheStudysOwnStream() {
        PhantomGenerator a = new PhantomGenerator(settings(PhantomStyle.RANDOMISED, 512));
        PhantomGenerator b = new PhantomGenerator(settings(PhantomStyle.RANDOMISED, 512));
        StudyPlan plan = a.plan(20).get(13);
        PhantomGenerator.Draft first = a.draft(plan, 0);
        PhantomGenerator.Draft again = b.draft(b.plan(20).get(13), 0);
        assertThat(again.acquisition()).isEqualTo(first.acquisition());
        assertThat(again.geometry().sliceZ()).isEqualTo(first.geometry().sliceZ());
        assertThat(again.geometry().tiltDegrees()).isEqualTo(first.geometry().tiltDegrees());
        // another number of studies does not change study 13's draws
        assertThat(a.draft(a.plan(40).get(13), 0).acquisition()).isEqualTo(first.acquisition());
        PhantomGenerator.Draft heldout = new PhantomGenerator(settings(PhantomStyle.HELDOUT, 512)).draft(plan, 0);
        assertThat(heldout.head().halfWidth).isNotEqualTo(first.head().halfWidth);
    }

    /**
     * The held-out head is built otherwise: a superellipsoid. The share of a cross-section above the skull base that
     * lies outside the ellipse with the same second moments (rotation-invariant, 0 for an ellipse) separates every
     * held-out head from every randomised one, so the randomised style never makes a held-out head.
     */
    @Test
    void heldOutAnatomyIsNeverProducedByTheRandomisedStyle() {
        SplittableRandom r = new SplittableRandom(8);
        double randomisedMax = 0;
        double heldoutMin = 1;
        for (int i = 0; i < 100; i++) {
            randomisedMax = Math.max(randomisedMax, outsideMomentEllipse(Head.of(PhantomStyle.RANDOMISED, r)));
            Head heldout = Head.of(PhantomStyle.HELDOUT, r);
            assertThat(heldout.squareness).isBetween(0.5, 1.0);
            heldoutMin = Math.min(heldoutMin, outsideMomentEllipse(heldout));
        }
        System.out.printf("outside moment ellipse: randomised max %.4f, heldout min %.4f%n", randomisedMax, heldoutMin);
        assertThat(randomisedMax).isLessThan(heldoutMin);
        Anatomy anatomy = new Anatomy(
                Head.of(PhantomStyle.HELDOUT, r),
                r,
                Mimics.of(PhantomStyle.HELDOUT, r),
                new double[] {1, 1},
                PhantomStyle.HELDOUT);
        assertThat(anatomy.cellularFolding).isTrue();
    }

    /**
     * The alternate style widens what training sees without borrowing from the held-out style: a long, narrow head
     * flattened on one side of the back, ringed folding, coarse isotropic noise and banded clot density; never the
     * held-out superellipsoid, lattice folding, streaky noise or mottled clots. The other styles never draw its
     * constructions.
     */
    @Test
    void alternateDrawsItsOwnConstructionsAndNoneOfTheHeldOutStyles() {
        PhantomGenerator generator = new PhantomGenerator(settings(PhantomStyle.ALTERNATE, 512));
        int flattenedLeft = 0;
        for (StudyPlan plan : generator.plan(DRAWS)) {
            PhantomGenerator.Draft d = generator.draft(plan, 0);
            Head h = d.head();
            assertThat(h.squareness).isZero();
            assertThat(Math.abs(h.flattening)).isBetween(0.04, 0.14);
            flattenedLeft += h.flattening > 0 ? 1 : 0;
            assertThat(h.halfWidth / h.frontLength).isLessThanOrEqualTo(0.8);
            Texture t = d.acquisition().texture();
            assertThat(t.correlation2()).isBetween(0.3, 0.6);
            assertThat(t.correlationX()).isEqualTo(t.correlationY());
            Anatomy anatomy = new Anatomy(h, d.random(), d.mimics(), new double[] {1, 1}, PhantomStyle.ALTERNATE);
            assertThat(anatomy.cellularFolding).isFalse();
            assertThat(anatomy.ringCentres).hasNumberOfRows(3);
            for (double[] c : anatomy.ringCentres) {
                assertThat(Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]))
                        .isBetween(25 * h.height / 73, 55 * h.height / 73);
            }
            LesionTexture clot = LesionTexture.draw(PhantomStyle.ALTERNATE, d.random());
            assertThat(clot.mottled()).isFalse();
            assertThat(Math.hypot(Math.hypot(clot.bands()[0], clot.bands()[1]), clot.bands()[2]))
                    .isCloseTo(1, org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(flattenedLeft).isBetween(DRAWS / 3, DRAWS * 2 / 3);
        for (PhantomStyle other : new PhantomStyle[] {PhantomStyle.RANDOMISED, PhantomStyle.HELDOUT}) {
            PhantomGenerator g = new PhantomGenerator(settings(other, 512));
            for (StudyPlan plan : g.plan(50)) {
                PhantomGenerator.Draft d = g.draft(plan, 0);
                assertThat(d.head().flattening).isZero();
                assertThat(d.acquisition().texture().correlation2()).isZero();
                assertThat(new Anatomy(d.head(), d.random(), d.mimics(), new double[] {1, 1}, other).ringCentres)
                        .isNull();
                assertThat(LesionTexture.draw(other, d.random()).bands()).isNull();
            }
        }
    }

    /** A flattened head is narrower at the back on its flattened side only; its front stays symmetric. */
    @Test
    void aFlattenedHeadIsNarrowerAtTheBackOnOneSide() {
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < 20; i++) {
            Head h = Head.of(PhantomStyle.ALTERNATE, r);
            double side = Math.signum(h.flattening);
            double z = 0.25 * h.height;
            assertThat(halfWidthAt(h, side, 0.7 * h.backLength, z))
                    .isLessThan(halfWidthAt(h, -side, 0.7 * h.backLength, z) - 1);
            assertThat(halfWidthAt(h, side, -0.5 * h.frontLength, z))
                    .isCloseTo(
                            halfWidthAt(h, -side, -0.5 * h.frontLength, z),
                            org.assertj.core.api.Assertions.within(0.01));
        }
    }

    /**
     * The alternate clot's outline is irregular: along its equator the radius has more bumps than the randomised
     * style's smooth lobes, whose quadratic terms give at most two.
     */
    @Test
    void alternateClotsHaveIrregularOutlines() {
        SplittableRandom r = new SplittableRandom(3);
        double[] c = {0, 0, 0};
        for (int i = 0; i < 20; i++) {
            assertThat(radiusMaxima(ClotShapes.lobulated(c, 10, r))).isLessThanOrEqualTo(2);
            assertThat(radiusMaxima(ClotShapes.irregular(c, 10, r))).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void dataSetsOfTwoStylesMadeWithOneSeedShareNoUid() {
        Set<String> uids = new HashSet<>();
        for (PhantomStyle style : PhantomStyle.values()) {
            uids.add(new Uids(1, style).uid(0, "study", 0));
        }
        assertThat(uids).hasSize(4).contains(new Uids(1).uid(0, "study", 0));
    }

    @Test
    void stylesAreNamedOnTheCommandLineAndRejectOthers() {
        assertThat(PhantomStyle.fromCode("heldout")).isEqualTo(PhantomStyle.HELDOUT);
        assertThat(PhantomStyle.fromCode("alternate")).isEqualTo(PhantomStyle.ALTERNATE);
        assertThat(new PhantomSettings(1, 256, 0.5).style()).isEqualTo(PhantomStyle.CLASSIC);
        assertThatThrownBy(() -> PhantomStyle.fromCode("wild")).hasMessageContaining("was wild");
        assertThat(new PhantomSettings(1, 768, 0.5).matrix()).isEqualTo(768);
    }

    /** Distance from the midline to the inner table on one side ({@code side} -1 or 1), at (y, z), by bisection. */
    private static double halfWidthAt(Head h, double side, double y, double z) {
        double lo = 0;
        double hi = 150;
        for (int i = 0; i < 50; i++) {
            double mid = (lo + hi) / 2;
            if (h.ellipsoid(side * mid, y, z) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Local maxima of a shape's radius (by bisection on its distance) over 720 directions of its equator. */
    private static int radiusMaxima(Shape shape) {
        int n = 720;
        double[] radius = new double[n];
        for (int k = 0; k < n; k++) {
            double angle = 2 * Math.PI * k / n;
            double lo = 0;
            double hi = 40;
            for (int i = 0; i < 40; i++) {
                double mid = (lo + hi) / 2;
                if (shape.distance(mid * Math.cos(angle), mid * Math.sin(angle), 0) < 0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            radius[k] = lo;
        }
        int maxima = 0;
        for (int k = 0; k < n; k++) {
            if (radius[k] > radius[(k + n - 1) % n] && radius[k] >= radius[(k + 1) % n]) {
                maxima++;
            }
        }
        return maxima;
    }

    static PhantomSettings settings(PhantomStyle style, int matrix) {
        return new PhantomSettings(21, matrix, 0.5, PhantomSettings.Identifiers.DICOM, style);
    }

    /** Fraction of the cavity's cross-section 25% of the height above the centre outside its moment ellipse. */
    static double outsideMomentEllipse(Head h) {
        double z = 0.25 * h.height;
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (double x = -120; x <= 120; x += 1) {
            for (double y = -140; y <= 140; y += 1) {
                if (h.cavity(x, y, z) < 0) {
                    n++;
                    sx += x;
                    sy += y;
                    sxx += x * x;
                    syy += y * y;
                    sxy += x * y;
                }
            }
        }
        double mx = sx / n;
        double my = sy / n;
        double cxx = sxx / n - mx * mx;
        double cyy = syy / n - my * my;
        double cxy = sxy / n - mx * my;
        double det = cxx * cyy - cxy * cxy;
        double outside = 0;
        for (double x = -120; x <= 120; x += 1) {
            for (double y = -140; y <= 140; y += 1) {
                if (h.cavity(x, y, z) < 0) {
                    double dx = x - mx;
                    double dy = y - my;
                    // Mahalanobis distance squared; a uniform ellipse ends at 4 (its variance is a²/4)
                    double m = (cyy * dx * dx - 2 * cxy * dx * dy + cxx * dy * dy) / det;
                    outside += m > 4 ? 1 : 0;
                }
            }
        }
        return outside / n;
    }
}
