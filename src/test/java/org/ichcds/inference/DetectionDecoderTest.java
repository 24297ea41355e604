package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionDecoderTest {

    private static final int GRID = 4;
    private static final int V = DetectionDecoder.CELL_VALUES;
    private final DetectionDecoder decoder = new DetectionDecoder(64, 64, 0.25f, new NonMaxSuppression(0.45f));

    private static void setCell(float[] d, int slice, int row, int col, float... values) {
        System.arraycopy(values, 0, d, ((slice * GRID + row) * GRID + col) * V, values.length);
    }

    /** Sets a cell of slice 0 of the stride-8 grid, twice as fine as {@link #GRID}. */
    private static void setFineCell(float[] fine, int row, int col, float... values) {
        System.arraycopy(values, 0, fine, (row * 2 * GRID + col) * V, values.length);
    }

    @Test
    void decodesACellIntoPixelsWithATopLeftOrigin() {
        float[] d = new float[2 * GRID * GRID * V];
        // slice 1, row 2, col 1: centre (1.5, 2.25) cells = (24, 36) px; size 0.25 x 0.125 of 64 = 16 x 8 px
        setCell(d, 1, 2, 1, 0.9f, 0.5f, 0.25f, 0.25f, 0.125f, 0, 0, 0, 0, 0.8f, 0.1f);
        assertThat(decoder.decode(d, 0, GRID)).isEmpty();
        List<Box> boxes = decoder.decode(d, 1, GRID);
        assertThat(boxes).hasSize(1);
        Box box = boxes.get(0);
        assertThat(box.label()).isEqualTo(HemorrhageLabel.SUBDURAL);
        assertThat(box.score()).isCloseTo(0.72f, within(1e-6f));
        assertThat(new float[] {box.x(), box.y(), box.width(), box.height()})
                .containsExactly(new float[] {16, 32, 16, 8}, within(1e-4f));
    }

    @Test
    void aSubtypesBoxScaleResizesItsBoxesAroundTheCentreAndLeavesTheOthers() {
        DetectionDecoder scaled = new DetectionDecoder(
                64,
                64,
                0.25f,
                new NonMaxSuppression(0.45f),
                label -> label == HemorrhageLabel.SUBDURAL ? new BoxScale(0.5, 1.5) : BoxScale.IDENTITY);
        float[] d = new float[GRID * GRID * V];
        // row 2, col 1: centre (24, 40) px, size 16 x 8 px; epidural and subdural both score 0.72
        setCell(d, 0, 2, 1, 0.9f, 0.5f, 0.5f, 0.25f, 0.125f, 0.8f, 0, 0, 0, 0.8f, 0);
        List<Box> boxes = scaled.decode(d, 0, GRID);
        assertThat(boxes)
                .extracting(Box::label)
                .containsExactlyInAnyOrder(HemorrhageLabel.EPIDURAL, HemorrhageLabel.SUBDURAL);
        for (Box box : boxes) {
            float[] expected =
                    box.label() == HemorrhageLabel.SUBDURAL ? new float[] {20, 34, 8, 12} : new float[] {16, 36, 16, 8};
            assertThat(new float[] {box.x(), box.y(), box.width(), box.height()})
                    .as(box.label().code())
                    .containsExactly(expected, within(1e-4f));
        }
    }

    @Test
    void dropsLowScoresAndClipsBoxesToTheImage() {
        float[] d = new float[GRID * GRID * V];
        setCell(d, 0, 0, 0, 0.9f, 0f, 0f, 0.5f, 0.5f, 0.2f, 0, 0, 0, 0, 0);
        assertThat(decoder.decode(d, 0, GRID)).isEmpty();
        setCell(d, 0, 0, 0, 0.9f, 0f, 0f, 0.5f, 0.5f, 0.9f, 0, 0, 0, 0, 0);
        Box box = decoder.decode(d, 0, GRID).get(0);
        assertThat(box.label()).isEqualTo(HemorrhageLabel.EPIDURAL);
        assertThat(new float[] {box.x(), box.y(), box.width(), box.height()})
                .containsExactly(new float[] {0, 0, 16, 16}, within(1e-4f));
    }

    @Test
    void nonFiniteOutputsNeverBecomeBoxes() {
        float[] d = new float[GRID * GRID * V];
        java.util.Arrays.fill(d, Float.NaN);
        assertThat(decoder.decode(d, 0, GRID)).isEmpty();
    }

    @Test
    void aSliceOutsideTheOutputIsRefused() {
        float[] d = new float[GRID * GRID * V];
        assertThatThrownBy(() -> decoder.decode(d, 1, GRID)).hasMessageContaining("slice 1");
    }

    @Test
    void aTwoGridHeadsBoxesComeFromBothGridsSuppressedTogether() {
        int fineGrid = 2 * GRID;
        float[] coarse = new float[GRID * GRID * V];
        float[] fine = new float[fineGrid * fineGrid * V];
        // coarse row 0, col 0: a 16 x 16 px subdural box centred at (8, 8), score 0.9 x 0.9
        setCell(coarse, 0, 0, 0, 0.9f, 0.5f, 0.5f, 0.25f, 0.25f, 0, 0, 0, 0, 0.9f, 0);
        // fine grid (8 px cells), row 0, col 0: an 8 x 8 px subdural box centred at (4, 4), score 0.8 x 0.8, IoU 0.25
        // with the coarse box, so both stay; row 6, col 5: a 4 x 4 px intraventricular box centred at (44, 52), 0.6
        setFineCell(fine, 0, 0, 0.8f, 0.5f, 0.5f, 0.125f, 0.125f, 0, 0, 0, 0, 0.8f, 0);
        setFineCell(fine, 6, 5, 0.75f, 0.5f, 0.5f, 0.0625f, 0.0625f, 0, 0, 0.8f, 0, 0, 0);
        List<Box> boxes = decoder.decode(coarse, 0, GRID, fine, fineGrid);
        assertThat(boxes)
                .extracting(Box::label)
                .containsExactlyInAnyOrder(
                        HemorrhageLabel.SUBDURAL, HemorrhageLabel.SUBDURAL, HemorrhageLabel.INTRAVENTRICULAR);
        Box small = boxes.stream()
                .filter(b -> b.label() == HemorrhageLabel.INTRAVENTRICULAR)
                .findFirst()
                .orElseThrow();
        assertThat(new float[] {small.x(), small.y(), small.width(), small.height()})
                .containsExactly(new float[] {42, 50, 4, 4}, within(1e-4f));
        // moved onto the coarse box (IoU 1 with it), the fine grid's weaker box is suppressed across the grids
        System.arraycopy(
                new float[] {0.8f, 0f, 0f, 0.25f, 0.25f, 0, 0, 0, 0, 0.8f, 0}, 0, fine, (1 * fineGrid + 1) * V, V);
        java.util.Arrays.fill(fine, 0, V, 0f);
        assertThat(decoder.decode(coarse, 0, GRID, fine, fineGrid))
                .filteredOn(b -> b.label() == HemorrhageLabel.SUBDURAL)
                .singleElement()
                .satisfies(b -> assertThat(b.score()).isCloseTo(0.81f, within(1e-6f)));
        // the one-grid call is the two-grid call without a second grid
        assertThat(decoder.decode(coarse, 0, GRID)).isEqualTo(decoder.decode(coarse, 0, GRID, null, 0));
    }

    @Test
    void aSubtypeReadsOnlyTheGridsItsBoxGridNamesAndTheOthersReadBoth() {
        int fineGrid = 2 * GRID;
        float[] coarse = new float[GRID * GRID * V];
        float[] fine = new float[fineGrid * fineGrid * V];
        // the same two boxes on each grid, far apart: a subdural one at the top left, an intraventricular one lower
        // right
        setCell(coarse, 0, 0, 0, 0.9f, 0.5f, 0.5f, 0.25f, 0.25f, 0, 0, 0, 0, 0.9f, 0);
        setCell(coarse, 0, 3, 3, 0.9f, 0.5f, 0.5f, 0.25f, 0.25f, 0, 0, 0.9f, 0, 0, 0);
        setFineCell(fine, 0, 0, 0.8f, 0.5f, 0.5f, 0.0625f, 0.0625f, 0, 0, 0, 0, 0.8f, 0);
        setFineCell(fine, 3, 3, 0.8f, 0.5f, 0.5f, 0.0625f, 0.0625f, 0, 0, 0.8f, 0, 0, 0);
        DetectionDecoder chosen = new DetectionDecoder(
                64, 64, 0.25f, new NonMaxSuppression(0.45f), label -> BoxScale.IDENTITY, label -> switch (label) {
                    case SUBDURAL -> BoxGrid.COARSE;
                    case INTRAVENTRICULAR -> BoxGrid.FINE;
                    default -> BoxGrid.BOTH;
                });
        assertThat(chosen.needsFineGrid()).isTrue();
        assertThat(decoder.needsFineGrid()).isFalse();
        List<Box> boxes = chosen.decode(coarse, 0, GRID, fine, fineGrid);
        // subdural: the 16 px coarse box alone; intraventricular: the 4 px fine box alone
        assertThat(boxes).hasSize(2);
        assertThat(boxes)
                .filteredOn(b -> b.label() == HemorrhageLabel.SUBDURAL)
                .singleElement()
                .satisfies(b -> assertThat(b.width()).isCloseTo(16f, within(1e-4f)));
        assertThat(boxes)
                .filteredOn(b -> b.label() == HemorrhageLabel.INTRAVENTRICULAR)
                .singleElement()
                .satisfies(b -> assertThat(b.width()).isCloseTo(4f, within(1e-4f)));
        // reading both, each subtype has both of its boxes
        assertThat(decoder.decode(coarse, 0, GRID, fine, fineGrid)).hasSize(4);
        // without a second grid, a subtype read from the fine grid only has no boxes
        assertThat(chosen.decode(coarse, 0, GRID)).extracting(Box::label).containsExactly(HemorrhageLabel.SUBDURAL);
    }
}
