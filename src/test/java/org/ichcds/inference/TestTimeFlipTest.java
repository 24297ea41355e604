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
        TestTimeFlip.mirrorSlice(mirrored, 0, h, w, 3);
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(mirrored[(row * w + col) * 3 + c]).isEqualTo(slice[(row * w + (w - 1 - col)) * 3 + c]);
                }
            }
        }
        TestTimeFlip.mirrorSlice(mirrored, 0, h, w, 3);
        assertThat(mirrored).containsExactly(slice);
    }

    @Test
    void theMirroredCopiesFollowTheSlicesTaken() {
        int h = 1;
        int w = 3;
        float[] three = {
            0, 0, 0, 1, 1, 1, 2, 2, 2, /* slice 1 */ 3, 3, 3, 4, 4, 4, 5, 5, 5, /* slice 2 */ 6, 6, 6, 7, 7, 7, 8, 8, 8
        };
        assertThat(TestTimeFlip.mirrored(three, new int[] {1, 2}, h, w, 3))
                .containsExactly(5, 5, 5, 4, 4, 4, 3, 3, 3, 8, 8, 8, 7, 7, 7, 6, 6, 6);
        assertThat(TestTimeFlip.mirrored(three, new int[] {2, 0}, h, w, 3))
                .containsExactly(8, 8, 8, 7, 7, 7, 6, 6, 6, 2, 2, 2, 1, 1, 1, 0, 0, 0);
        assertThat(TestTimeFlip.mirrored(three, new int[0], h, w, 3)).isEmpty();
    }

    @Test
    void theSlicesRunMirroredGetTheMeanOfBothPassesAndTheOthersKeepTheirs() {
        float[] values = {0.2f, 0.4f, 0.6f, 0.8f, 0.1f, 0.1f};
        // slices 0 and 2 ran mirrored
        TestTimeFlip.meanInto(values, new float[] {0.4f, 0.0f, 0.3f, 0.5f}, new int[] {0, 2}, 2);
        assertThat(values).containsExactly(0.3f, 0.2f, 0.6f, 0.8f, 0.2f, 0.3f);
    }

    @Test
    void aBoxSeenByBothPassesStaysWhereItIsAndKeepsItsScore() {
        int grid = 4;
        float[] merged = new float[grid * grid * V];
        float[] mirrored = new float[grid * grid * V];
        // original pass: a box centred 0.3 across cell (1, 0), subdural score 0.9
        cell(merged, grid, 1, 0, 0.8f, 0.3f, 0.6f, 0.2f, 0.1f, 0.9f);
        float[] original = merged.clone();
        // mirrored pass: the same box lies in cell (1, 3) at 0.7 across
        cell(mirrored, grid, 1, 3, 0.8f, 0.7f, 0.6f, 0.2f, 0.1f, 0.9f);
        TestTimeFlip.mergeGridsInto(merged, mirrored, new int[] {0}, grid);
        int a = (1 * grid + 0) * V;
        assertThat(merged[a]).isEqualTo(0.8f, within(1e-6f));
        assertThat(merged[a + 1]).isEqualTo(0.3f, within(1e-6f));
        assertThat(merged[a + 2]).isEqualTo(0.6f, within(1e-6f));
        assertThat(merged[a + 3]).isEqualTo(0.2f, within(1e-6f));
        assertThat(merged[a + 5 + HemorrhageLabel.SUBDURAL.ordinal() - 1]).isEqualTo(0.9f, within(1e-6f));
        // nothing moved into the mirrored cell
        assertThat(merged[(1 * grid + 3) * V]).isZero();

        DetectionDecoder decoder = new DetectionDecoder(64, 64, 0.1f, new NonMaxSuppression(0.45f));
        assertThat(decoder.decode(merged, 0, grid)).isEqualTo(decoder.decode(original, 0, grid));
    }

    @Test
    void aBoxSeenByOnePassKeepsItsShapeAtHalfTheScore() {
        int grid = 4;
        // the second slice of two ran mirrored; the first keeps its grid
        float[] merged = new float[2 * grid * grid * V];
        float[] mirrored = new float[grid * grid * V];
        cell(merged, grid, 0, 0, 0.7f, 0.5f, 0.5f, 0.4f, 0.4f, 1.0f);
        cell(merged, grid, grid + 2, 1, 0.6f, 0.25f, 0.5f, 0.3f, 0.2f, 1.0f);
        // the mirrored pass sees nothing there but a faint box of its own elsewhere
        cell(mirrored, grid, 0, 0, 0.2f, 0.5f, 0.5f, 0.1f, 0.1f, 0.5f);
        TestTimeFlip.mergeGridsInto(merged, mirrored, new int[] {1}, grid);
        assertThat(merged[0]).isEqualTo(0.7f);
        int a = grid * grid * V + (2 * grid + 1) * V;
        assertThat(merged[a]).isEqualTo(0.3f, within(1e-6f));
        assertThat(merged[a + 1]).isEqualTo(0.25f, within(1e-6f));
        assertThat(merged[a + 3]).isEqualTo(0.3f, within(1e-6f));
        assertThat(merged[a + 4]).isEqualTo(0.2f, within(1e-6f));
        // the mirrored pass's cell (0, 0) is the original's (0, 3), its x offset mirrored
        int b = grid * grid * V + (0 * grid + 3) * V;
        assertThat(merged[b]).isEqualTo(0.1f, within(1e-6f));
        assertThat(merged[b + 1]).isEqualTo(0.5f, within(1e-6f));

        DetectionDecoder decoder = new DetectionDecoder(64, 64, 0.01f, new NonMaxSuppression(0.45f));
        List<Box> boxes = decoder.decode(merged, 1, grid);
        Box strongest = boxes.stream()
                .filter(box -> box.label() == HemorrhageLabel.SUBDURAL)
                .max(java.util.Comparator.comparingDouble(Box::score))
                .orElseThrow();
        // centre (1 + 0.25) * 16 = 20, width 0.3 * 64 = 19.2; score 0.3 * 1.0
        assertThat(strongest.score()).isEqualTo(0.3f, within(1e-6f));
        assertThat(strongest.x() + strongest.width() / 2).isEqualTo(20f, within(1e-4f));
        assertThat(strongest.width()).isEqualTo(19.2f, within(1e-4f));
    }

    /**
     * Sets one cell of a pass's grids: objectness, x, y, w, h and the subdural score; {@code row} counts on across the
     * slices' grids ({@code grid + 2} is row 2 of the second slice).
     */
    private static void cell(float[] grids, int grid, int row, int col, float... values) {
        int at = (row * grid + col) * V;
        System.arraycopy(values, 0, grids, at, 5);
        grids[at + 5 + HemorrhageLabel.SUBDURAL.ordinal() - 1] = values[5];
    }

    @Test
    void theShareChosenIsTheSlicesWithTheMostAnyInSliceOrder() {
        int n = HemorrhageLabel.COUNT;
        float[] probabilities = new float[10 * n];
        float[] any = {0.1f, 0.9f, 0.3f, 0.3f, 0.8f, 0.0f, 0.2f, 0.7f, 0.3f, 0.05f};
        for (int i = 0; i < any.length; i++) {
            probabilities[i * n] = any[i];
            // a subtype's probability does not choose
            probabilities[i * n + 1] = 1 - any[i];
        }
        assertThat(TestTimeFlip.chosen(probabilities, 10, null)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(TestTimeFlip.chosen(probabilities, 10, 0.3)).containsExactly(1, 4, 7);
        // a tie at the last place goes to the earlier slice: 0.3 at slices 2, 3 and 8
        assertThat(TestTimeFlip.chosen(probabilities, 10, 0.4)).containsExactly(1, 2, 4, 7);
        assertThat(TestTimeFlip.chosen(probabilities, 10, 0.01)).containsExactly(1);
        assertThat(TestTimeFlip.chosen(probabilities, 10, 1.0)).hasSize(10);
        assertThat(TestTimeFlip.chosen(new float[0], 0, 0.5)).isEmpty();
    }
}
