package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestTimeFlipTest {

    private static final int V = DetectionDecoder.CELL_VALUES;

    @Test
    void mirroringMovesEachPixelAcrossAndTwiceGivesItBack() {
        int h = 2;
        int w = 5;
        float[] slice = new float[h * w * 3];
        for (int i = 0; i < slice.length; i++) {
            slice[i] = i;
        }
        float[] mirrored = slice.clone();
        TestTimeFlip.mirrorSlice(mirrored, 0, h, w);
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(mirrored[(row * w + col) * 3 + c]).isEqualTo(slice[(row * w + (w - 1 - col)) * 3 + c]);
                }
            }
        }
        TestTimeFlip.mirrorSlice(mirrored, 0, h, w);
        assertThat(mirrored).containsExactly(slice);
    }

    @Test
    void theMirroredCopiesFollowTheSlicesTaken() {
        int h = 1;
        int w = 3;
        float[] three = {
            0, 0, 0, 1, 1, 1, 2, 2, 2, /* slice 2 */ 3, 3, 3, 4, 4, 4, 5, 5, 5, /* slice 3 */ 6, 6, 6, 7, 7, 7, 8, 8, 8
        };
        float[] both = TestTimeFlip.withMirrored(three, 1, 2, h, w);
        assertThat(both)
                .containsExactly(
                        3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 5, 5, 5, 4, 4, 4, 3, 3, 3, 8, 8, 8, 7, 7,
                        7, 6, 6, 6);
    }

    @Test
    void probabilitiesAreTheMeanOfBothPasses() {
        float[] values = {0.2f, 0.4f, 0.6f, 0.8f, /* mirrored */ 0.4f, 0.0f, 0.6f, 1.0f};
        assertThat(TestTimeFlip.meanOfPasses(values, 2, 2)).containsExactly(0.3f, 0.2f, 0.6f, 0.9f);
    }

    @Test
    void aBoxSeenByBothPassesStaysWhereItIsAndKeepsItsScore() {
        int grid = 4;
        float[] grids = new float[2 * grid * grid * V];
        // original pass: a box centred 0.3 across cell (1, 0), subdural score 0.9
        cell(grids, 0, grid, 1, 0, 0.8f, 0.3f, 0.6f, 0.2f, 0.1f, 0.9f);
        // mirrored pass: the same box lies in cell (1, 3) at 0.7 across
        cell(grids, 1, grid, 1, 3, 0.8f, 0.7f, 0.6f, 0.2f, 0.1f, 0.9f);
        float[] merged = TestTimeFlip.mergeGrids(grids, 1, grid);
        int a = (1 * grid + 0) * V;
        assertThat(merged[a]).isEqualTo(0.8f, within(1e-6f));
        assertThat(merged[a + 1]).isEqualTo(0.3f, within(1e-6f));
        assertThat(merged[a + 2]).isEqualTo(0.6f, within(1e-6f));
        assertThat(merged[a + 3]).isEqualTo(0.2f, within(1e-6f));
        assertThat(merged[a + 5 + HemorrhageLabel.SUBDURAL.ordinal() - 1]).isEqualTo(0.9f, within(1e-6f));
        // nothing moved into the mirrored cell
        assertThat(merged[(1 * grid + 3) * V]).isZero();

        DetectionDecoder decoder = new DetectionDecoder(64, 64, 0.1f, new NonMaxSuppression(0.45f));
        float[] original = java.util.Arrays.copyOf(grids, grid * grid * V);
        assertThat(decoder.decode(merged, 0, grid)).isEqualTo(decoder.decode(original, 0, grid));
    }

    @Test
    void aBoxSeenByOnePassKeepsItsShapeAtHalfTheScore() {
        int grid = 4;
        float[] grids = new float[2 * grid * grid * V];
        cell(grids, 0, grid, 2, 1, 0.6f, 0.25f, 0.5f, 0.3f, 0.2f, 1.0f);
        // the mirrored pass sees nothing there but a faint box of its own elsewhere
        cell(grids, 1, grid, 0, 0, 0.2f, 0.5f, 0.5f, 0.1f, 0.1f, 0.5f);
        float[] merged = TestTimeFlip.mergeGrids(grids, 1, grid);
        int a = (2 * grid + 1) * V;
        assertThat(merged[a]).isEqualTo(0.3f, within(1e-6f));
        assertThat(merged[a + 1]).isEqualTo(0.25f, within(1e-6f));
        assertThat(merged[a + 3]).isEqualTo(0.3f, within(1e-6f));
        assertThat(merged[a + 4]).isEqualTo(0.2f, within(1e-6f));
        // the mirrored pass's cell (0, 0) is the original's (0, 3), its x offset mirrored
        int b = (0 * grid + 3) * V;
        assertThat(merged[b]).isEqualTo(0.1f, within(1e-6f));
        assertThat(merged[b + 1]).isEqualTo(0.5f, within(1e-6f));

        DetectionDecoder decoder = new DetectionDecoder(64, 64, 0.01f, new NonMaxSuppression(0.45f));
        List<Box> boxes = decoder.decode(merged, 0, grid);
        Box strongest = boxes.stream()
                .filter(box -> box.label() == HemorrhageLabel.SUBDURAL)
                .max(java.util.Comparator.comparingDouble(Box::score))
                .orElseThrow();
        // centre (1 + 0.25) * 16 = 20, width 0.3 * 64 = 19.2; score 0.3 * 1.0
        assertThat(strongest.score()).isEqualTo(0.3f, within(1e-6f));
        assertThat(strongest.x() + strongest.width() / 2).isEqualTo(20f, within(1e-4f));
        assertThat(strongest.width()).isEqualTo(19.2f, within(1e-4f));
    }

    /** Sets one cell of one pass: objectness, x, y, w, h and the subdural score. */
    private static void cell(float[] grids, int pass, int grid, int row, int col, float... values) {
        int at = pass * grid * grid * V + (row * grid + col) * V;
        System.arraycopy(values, 0, grids, at, 5);
        grids[at + 5 + HemorrhageLabel.SUBDURAL.ordinal() - 1] = values[5];
    }
}
