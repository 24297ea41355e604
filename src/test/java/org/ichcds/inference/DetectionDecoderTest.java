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
}
