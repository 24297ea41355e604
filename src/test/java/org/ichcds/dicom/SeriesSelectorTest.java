package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ichcds.dicom.DicomInstance.SeriesHeader;
import org.ichcds.dicom.SeriesSelector.Selection;
import org.junit.jupiter.api.Test;

class SeriesSelectorTest {

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};
    private static final double[] SAGITTAL = {0, 1, 0, 0, 0, -1};

    private final SeriesSelector selector = new SeriesSelector(SelectionRules.defaults());

    @Test
    void prefersNonContrastOverAContrastSeriesWithMoreSlices() {
        SeriesCandidate plain = series(2, "HEAD W/O CONTRAST", "STANDARD", "", 5, 30);
        SeriesCandidate contrast = series(3, "HEAD C+", "STANDARD", "IOHEXOL", 5, 60);
        Selection selection = selector.select(List.of(contrast, plain));
        assertThat(selection.chosen()).isSameAs(plain);
        assertThat(selection.reason()).contains("series 2", "non-contrast", "30 slices");
    }

    @Test
    void descriptionKeywordsMarkContrastWhenNoAgentIsStated() {
        assertThat(selector.isContrast(series(3, "CTA HEAD", "STANDARD", "", 1, 10)))
                .isTrue();
        assertThat(selector.isContrast(series(3, "HEAD WITHOUT CONTRAST", "STANDARD", "", 1, 10)))
                .isFalse();
    }

    @Test
    void prefersSoftTissueKernelOverBone() {
        SeriesCandidate bone = series(4, "HEAD BONE", "BONE", "", 5, 40);
        SeriesCandidate soft = series(2, "HEAD", "H30s", "", 5, 40);
        Selection selection = selector.select(List.of(bone, soft));
        assertThat(selection.chosen()).isSameAs(soft);
        assertThat(selection.reason()).contains("soft-tissue (kernel H30s)");
    }

    @Test
    void prefersThinSlicesThenMostSlices() {
        SeriesCandidate thick = series(2, "HEAD 10mm", "STANDARD", "", 10, 20);
        SeriesCandidate thin = series(3, "HEAD 5mm", "STANDARD", "", 5, 40);
        SeriesCandidate thinnest = series(4, "HEAD 1mm", "STANDARD", "", 1, 200);
        assertThat(selector.select(List.of(thick, thin)).chosen()).isSameAs(thin);
        assertThat(selector.select(List.of(thick, thin, thinnest)).chosen()).isSameAs(thinnest);
    }

    @Test
    void excludesLocalizersOtherModalitiesOtherBodyPartsAndNonAxialSeries() {
        SeriesCandidate scout = candidate(1, "CT", "HEAD", "SCOUT", "ORIGINAL\\PRIMARY\\LOCALIZER", AXIAL);
        SeriesCandidate mr = candidate(5, "MR", "HEAD", "T1", "ORIGINAL\\PRIMARY", AXIAL);
        SeriesCandidate chest = candidate(6, "CT", "CHEST", "CHEST", "ORIGINAL\\PRIMARY\\AXIAL", AXIAL);
        SeriesCandidate sagittal = candidate(7, "CT", "HEAD", "SAG MPR", "DERIVED\\SECONDARY", SAGITTAL);
        SeriesCandidate axial = candidate(2, "CT", "", "HEAD", "ORIGINAL\\PRIMARY\\AXIAL", AXIAL);
        Selection selection = selector.select(List.of(scout, mr, chest, sagittal, axial));
        assertThat(selection.chosen()).isSameAs(axial);
        assertThat(selection.reason())
                .contains("body part not stated", "LOCALIZER", "modality MR", "body part CHEST", "not axial (90° ");
    }

    @Test
    void acceptsGantryTiltWithinTheRule() {
        double tilt = Math.toRadians(25);
        double[] tilted = {1, 0, 0, 0, Math.cos(tilt), -Math.sin(tilt)};
        assertThat(SeriesSelector.tiltFromAxialDegrees(tilted))
                .isCloseTo(25, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(selector.exclusion(candidate(2, "CT", "HEAD", "HEAD", "ORIGINAL", tilted)))
                .isNull();
    }

    @Test
    void saysWhyNothingQualifies() {
        SeriesCandidate mr = candidate(5, "MR", "HEAD", "T1", "ORIGINAL\\PRIMARY", AXIAL);
        assertThatThrownBy(() -> selector.select(List.of(mr)))
                .hasMessage("no axial head CT series among 1 (series 5 'T1': modality MR)");
    }

    private static SeriesCandidate series(
            int number, String description, String kernel, String agent, double thickness, int slices) {
        SeriesHeader header =
                new SeriesHeader("1.2", "1.2." + number, number, "CT", description, "HEAD", agent, kernel, "ORIGINAL");
        return new SeriesCandidate(header, AXIAL, thickness, slices);
    }

    private static SeriesCandidate candidate(
            int number, String modality, String bodyPart, String description, String imageType, double[] orientation) {
        SeriesHeader header =
                new SeriesHeader("1.2", "1.2." + number, number, modality, description, bodyPart, "", "", imageType);
        return new SeriesCandidate(header, orientation, 5, 10);
    }
}
