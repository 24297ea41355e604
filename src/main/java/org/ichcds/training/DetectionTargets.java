package org.ichcds.training;

import java.util.List;
import org.ichcds.inference.Box;
import org.ichcds.inference.DetectionDecoder;

/**
 * Encodes truth boxes as the YOLO grid target: the cell holding a box's centre is responsible for it (Redmon et al.
 * 2016). When two boxes share a cell, the cell takes the larger box's geometry and both subtypes.
 */
final class DetectionTargets {

    private static final int V = DetectionDecoder.CELL_VALUES;

    final float[] target;
    final float[] responsible;

    private DetectionTargets(float[] target, float[] responsible) {
        this.target = target;
        this.responsible = responsible;
    }

    /** Each image's boxes whose larger side exceeds {@code side} pixels (all of them for 0). */
    static List<List<Box>> larger(List<List<Box>> boxes, int side) {
        return side <= 0 ? boxes : filtered(boxes, box -> largerSide(box) > side);
    }

    /** Each image's boxes whose larger side is at most {@code side} pixels: a two-grid head's stride-8 grid's. */
    static List<List<Box>> atMost(List<List<Box>> boxes, int side) {
        return filtered(boxes, box -> largerSide(box) <= side);
    }

    private static float largerSide(Box box) {
        return Math.max(box.width(), box.height());
    }

    private static List<List<Box>> filtered(List<List<Box>> boxes, java.util.function.Predicate<Box> keep) {
        return boxes.stream().map(image -> image.stream().filter(keep).toList()).toList();
    }

    static DetectionTargets encode(List<List<Box>> boxes, int imageSize, int grid) {
        float[] target = new float[boxes.size() * grid * grid * V];
        float[] responsible = new float[boxes.size() * grid * grid];
        float[] area = new float[responsible.length];
        for (int image = 0; image < boxes.size(); image++) {
            for (Box box : boxes.get(image)) {
                place(box, image, imageSize, grid, target, responsible, area);
            }
        }
        return new DetectionTargets(target, responsible);
    }

    private static void place(
            Box box, int image, int size, int grid, float[] target, float[] responsible, float[] area) {
        if (box.x() + box.width() > size * 1.001f || box.y() + box.height() > size * 1.001f) {
            throw new IllegalArgumentException("truth box " + box + " extends past the " + size + "-pixel input");
        }
        float cx = (box.x() + box.width() / 2) / size * grid;
        float cy = (box.y() + box.height() / 2) / size * grid;
        int col = Math.min(grid - 1, (int) cx);
        int row = Math.min(grid - 1, (int) cy);
        int cell = (image * grid + row) * grid + col;
        int at = cell * V;
        float boxArea = box.width() * box.height();
        if (boxArea > area[cell]) {
            area[cell] = boxArea;
            target[at + 1] = cx - col;
            target[at + 2] = cy - row;
            target[at + 3] = Math.min(1f, box.width() / size);
            target[at + 4] = Math.min(1f, box.height() / size);
        }
        target[at] = 1f;
        target[at + 5 + box.label().subtypeIndex()] = 1f;
        responsible[cell] = 1f;
    }
}
