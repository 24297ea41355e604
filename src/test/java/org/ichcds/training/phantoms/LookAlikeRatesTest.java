package org.ichcds.training.phantoms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Look-alike chances in place of a style's own: read from the command line, drawn, and written to studies.csv. */
class LookAlikeRatesTest {

    private static final int DRAWS = 200;

    @Test
    void readsNamesAndChancesAndRefusesWhatItCannotUse() {
        LookAlikeRates rates = LookAlikeRates.parse("hyperdense-vessel=0.6, Falx-Calcification = 1");
        assertThat(rates.chances())
                .containsExactly(
                        java.util.Map.entry("hyperdense-vessel", 0.6), java.util.Map.entry("falx-calcification", 1.0));
        assertThat(LookAlikeRates.parse(rates.toString())).isEqualTo(rates);
        assertThat(rates.chance("hyperdense-vessel", 0.2)).isEqualTo(0.6);
        assertThat(rates.chance("pineal", 0.65))
                .as("not overridden: the style's own")
                .isEqualTo(0.65);
        assertThat(LookAlikeRates.parse(" ")).isEqualTo(LookAlikeRates.NONE);
        assertThat(LookAlikeRates.parse(null).isEmpty()).isTrue();

        assertThatThrownBy(() -> LookAlikeRates.parse("vessel=0.5"))
                .hasMessage("unknown look-alike 'vessel': one of pineal, choroid-plexus, falx-calcification,"
                        + " hyperdense-sinus, basal-ganglia, streaks, hyperdense-vessel, post-contrast");
        assertThatThrownBy(() -> LookAlikeRates.parse("streaks=1.5"))
                .hasMessage("chance of look-alike streaks must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> LookAlikeRates.parse("streaks=NaN")).hasMessageContaining("was NaN");
        assertThatThrownBy(() -> LookAlikeRates.parse("streaks=often"))
                .hasMessage("chance of look-alike streaks is not a number: often");
        assertThatThrownBy(() -> LookAlikeRates.parse("streaks"))
                .hasMessage("look-alike chance 'streaks' is not NAME=P");
        assertThatThrownBy(() -> LookAlikeRates.parse("streaks=0.1,streaks=0.2"))
                .hasMessage("look-alike streaks is given twice");
    }

    @Test
    void theClassicStyleKeepsItsOwnDraws() {
        assertThatThrownBy(() -> new PhantomSettings(
                        1,
                        256,
                        0.5,
                        PhantomSettings.Identifiers.DICOM,
                        PhantomStyle.CLASSIC,
                        LookAlikeRates.parse("hyperdense-vessel=1")))
                .hasMessage(
                        "look-alike chances apply to the randomised, heldout and alternate styles; classic draws its own");
    }

    @Test
    void aChanceOfOneOrZeroGivesEveryStudyTheLookAlikeOrNoneAndLeavesItsScanAsItsSeedGivesIt() {
        for (PhantomStyle style : List.of(PhantomStyle.RANDOMISED, PhantomStyle.HELDOUT)) {
            PhantomGenerator usual = generator(style, LookAlikeRates.NONE);
            PhantomGenerator always = generator(style, LookAlikeRates.parse("hyperdense-vessel=1"));
            PhantomGenerator never = generator(style, LookAlikeRates.parse("hyperdense-vessel=0,streaks=0"));
            List<StudyPlan> plans = usual.plan(DRAWS);
            assertThat(always.plan(DRAWS)).as("truth and splits").isEqualTo(plans);
            int usually = 0;
            for (StudyPlan plan : plans) {
                PhantomGenerator.Draft own = usual.draft(plan, 0);
                PhantomGenerator.Draft rich = always.draft(plan, 0);
                usually += own.mimics().hyperdenseVessel() ? 1 : 0;
                assertThat(rich.mimics().hyperdenseVessel()).isTrue();
                assertThat(never.draft(plan, 0).mimics().hyperdenseVessel()).isFalse();
                assertThat(never.draft(plan, 0).mimics().streaks()).isFalse();
                // the other look-alikes, the scan grid and the acquisition are the ones the seed gives
                assertThat(rich.mimics().pineal()).isEqualTo(own.mimics().pineal());
                assertThat(rich.mimics().postContrast()).isEqualTo(own.mimics().postContrast());
                assertThat(rich.geometry()).usingRecursiveComparison().isEqualTo(own.geometry());
                // its fields print whole (NaN included, which a field-by-field comparison refuses to match)
                assertThat(rich.acquisition()).hasToString(own.acquisition().toString());
            }
            assertThat(usually).as(style + ": the style's own chance, 0.2").isBetween(20, 60);
        }
    }

    @Test
    void studiesCsvListsTheLookAlikesDrawn(@TempDir Path dir) throws Exception {
        PhantomSettings settings = new PhantomSettings(
                8,
                256,
                0.5,
                PhantomSettings.Identifiers.DICOM,
                PhantomStyle.RANDOMISED,
                LookAlikeRates.parse("hyperdense-vessel=1"));
        new PhantomDatasetWriter(settings, 2).write(dir, 2, slices -> {});

        List<String> lines = Files.readAllLines(dir.resolve("studies.csv"));
        int column = Arrays.asList(lines.get(0).split(",")).indexOf("mimics");
        assertThat(column).isNotNegative();
        assertThat(lines.subList(1, lines.size()))
                .hasSize(2)
                .allSatisfy(row -> assertThat(row.split(",", -1)[column]).contains("hyperdense-vessel"));
    }

    private static PhantomGenerator generator(PhantomStyle style, LookAlikeRates rates) {
        return new PhantomGenerator(new PhantomSettings(31, 512, 0.5, PhantomSettings.Identifiers.DICOM, style, rates));
    }
}
