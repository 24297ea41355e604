package org.ichcds.training.phantoms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PhantomGeneratorTest {

    private static final PhantomSettings SETTINGS = new PhantomSettings(7, 256, 0.5);
    private static List<PhantomStudy> studies;

    @BeforeAll
    static void generate() {
        PhantomGenerator generator = new PhantomGenerator(SETTINGS);
        studies = generator.plan(10).stream().map(generator::generate).toList();
    }

    @Test
    void planHasTheRequestedPositiveFractionSplitsAndABalancedSubtypeMix() {
        List<StudyPlan> plans = new PhantomGenerator(new PhantomSettings(3, 256, 0.4)).plan(100);
        assertThat(plans.stream().filter(StudyPlan::positive)).hasSize(40);
        assertThat(plans.stream().filter(p -> p.split().equals("train"))).hasSize(70);
        assertThat(plans.stream().filter(p -> p.split().equals("val"))).hasSize(20);
        assertThat(plans.stream().filter(p -> p.split().equals("test"))).hasSize(10);
        Map<Subtype, Integer> mix = new EnumMap<>(Subtype.class);
        plans.stream().filter(StudyPlan::positive).forEach(p -> mix.merge(p.primary(), 1, Integer::sum));
        assertThat(mix).hasSize(6);
        assertThat(mix.values()).allSatisfy(count -> assertThat(count).isBetween(6, 7));
    }

    @Test
    void generatedTruthFollowsThePlan() {
        for (PhantomStudy study : studies) {
            boolean[] truth = study.studyLabels();
            assertThat(truth[0])
                    .as("any, study %d", study.plan().index())
                    .isEqualTo(study.plan().positive());
            if (study.plan().positive()) {
                assertThat(truth[study.plan().primary().labelIndex()]).isTrue();
            } else {
                assertThat(study.lesions()).isEmpty();
            }
            assertThat(study.volume().sliceCount()).isBetween(24, 48);
            assertThat(study.volume().sliceThicknessMm()).isBetween(2.5, 5.0);
        }
    }

    @Test
    void everyBoxIsInsideTheImageTightAroundItsLesionAndLabelsTheSlice() {
        int boxes = 0;
        for (PhantomStudy study : studies) {
            int n = study.volume().columns();
            for (PhantomStudy.LesionTruth lesion : study.lesions()) {
                for (PhantomStudy.LesionSlice box : lesion.slices()) {
                    boxes++;
                    assertThat(box.x()).isBetween(0, n - 1);
                    assertThat(box.y()).isBetween(0, n - 1);
                    assertThat(box.x() + box.width()).isBetween(1, n);
                    assertThat(box.y() + box.height()).isBetween(1, n);
                    assertThat(touchesEveryEdge(box)).isTrue();
                    boolean[] intracranial = study.intracranialMasks().get(box.slice());
                    for (int y = 0; y < box.height(); y++) {
                        for (int x = 0; x < box.width(); x++) {
                            if (box.pixels()[y * box.width() + x]) {
                                assertThat(intracranial[(box.y() + y) * n + box.x() + x])
                                        .isTrue();
                            }
                        }
                    }
                    boolean[] labels = study.slices().get(box.slice()).labels();
                    assertThat(labels[0]).isTrue();
                    assertThat(labels[lesion.subtype().labelIndex()]).isTrue();
                }
            }
        }
        assertThat(boxes).isGreaterThan(10);
    }

    @Test
    void densitiesAreThoseOfHeadCt() {
        PhantomStudy study = studies.get(0);
        short[] middle =
                study.volume().slices().get(study.volume().sliceCount() / 2).hu();
        int n = study.volume().columns();
        assertThat(middle[0]).isLessThan((short) -900);
        int bone = 0;
        for (short v : middle) {
            bone += v > 700 ? 1 : 0;
        }
        assertThat(bone).isGreaterThan(500);
        // the centre of the head is brain: mean of a small patch between CSF and grey matter
        double sum = 0;
        int count = 0;
        for (PhantomStudy.SliceTruth ignored : List.of(study.slices().get(0))) {
            boolean[] mask = study.intracranialMasks().get(study.volume().sliceCount() / 2);
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    sum += middle[i];
                    count++;
                }
            }
        }
        assertThat(sum / count).isBetween(10.0, 50.0);
        assertThat(n).isEqualTo(256);
    }

    @Test
    void sameSettingsGiveTheSameStudy() {
        PhantomGenerator again = new PhantomGenerator(SETTINGS);
        PhantomStudy a = studies.get(3);
        PhantomStudy b = again.generate(again.plan(10).get(3));
        assertThat(b.volume().studyUid()).isEqualTo(a.volume().studyUid());
        for (int s = 0; s < a.volume().sliceCount(); s++) {
            assertThat(b.volume().slices().get(s).hu())
                    .isEqualTo(a.volume().slices().get(s).hu());
            assertThat(b.slices().get(s).labels()).isEqualTo(a.slices().get(s).labels());
        }
    }

    @Test
    void uidsAreValidDicomUids() {
        for (PhantomStudy study : studies) {
            for (String uid : List.of(
                    study.volume().studyUid(),
                    study.volume().seriesUid(),
                    study.slices().get(0).sopInstanceUid())) {
                assertThat(uid).matches("2\\.25\\.[1-9][0-9]*").hasSizeLessThanOrEqualTo(64);
            }
            assertThat(study.slices().get(0).imageId()).matches("ID_[0-9a-f]{10}");
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new PhantomSettings(1, 300, 0.5)).hasMessageContaining("was 300");
        assertThatThrownBy(() -> new PhantomSettings(1, 256, 1.5)).hasMessageContaining("was 1.5");
        assertThatThrownBy(() -> new PhantomGenerator(SETTINGS).plan(0)).hasMessageContaining("was 0");
    }

    private static boolean touchesEveryEdge(PhantomStudy.LesionSlice box) {
        boolean top = false;
        boolean bottom = false;
        boolean left = false;
        boolean right = false;
        int w = box.width();
        int h = box.height();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (box.pixels()[y * w + x]) {
                    top |= y == 0;
                    bottom |= y == h - 1;
                    left |= x == 0;
                    right |= x == w - 1;
                }
            }
        }
        return top && bottom && left && right;
    }
}
