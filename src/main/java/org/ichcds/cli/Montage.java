package org.ichcds.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ichcds.dicom.CtVolume;
import org.ichcds.preprocessing.BrainMask;
import org.ichcds.preprocessing.ModelInput;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.preprocessing.SliceTransform;
import org.ichcds.training.dataset.LabelledBox;

/**
 * Draws a preview: for each chosen slice, the three model-input channels side by side (brain, subdural, bone) with
 * the brain-mask outline (green) and the truth boxes (red), two slices per row.
 */
final class Montage {

    private static final int MAX_SLICES = 12;

    BufferedImage draw(CtVolume volume, ModelInput input, Map<String, List<LabelledBox>> boxes) {
        List<Integer> chosen = choose(volume, boxes);
        int size = input.size();
        int tileWidth = size * 3;
        int perRow = 2;
        int rows = (chosen.size() + perRow - 1) / perRow;
        BufferedImage image = new BufferedImage(tileWidth * perRow, size * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k < chosen.size(); k++) {
            int s = chosen.get(k);
            int ox = (k % perRow) * tileWidth;
            int oy = (k / perRow) * size;
            // with slice context the slice's own windows sit between its neighbours' (channels 3 to 5 of 9)
            int own = input.channels() == 9 ? 3 : 0;
            for (int c = 0; c < 3 && c < input.channels(); c++) {
                panel(image, input, s, own + c, ox + c * size, oy);
                outline(image, input.brainMasks().get(s), input.transforms().get(s), ox + c * size, oy);
                for (LabelledBox box : boxes.getOrDefault(volume.slices().get(s).sopInstanceUid(), List.of())) {
                    PixelBox m = input.transforms().get(s).toModel(box.box());
                    g.setColor(Color.RED);
                    g.setStroke(new BasicStroke(1));
                    g.drawRect(ox + c * size + (int) m.x(), oy + (int) m.y(), (int) Math.ceil(m.width()), (int)
                            Math.ceil(m.height()));
                    if (c == 0) {
                        g.drawString(
                                box.label().bhxLabel().orElse(box.label().code()),
                                ox + (int) m.x(),
                                oy + (int) m.y() - 2);
                    }
                }
            }
            g.setColor(Color.YELLOW);
            g.drawString("slice " + (s + 1) + "/" + volume.sliceCount(), ox + 4, oy + 14);
        }
        g.dispose();
        return image;
    }

    private static List<Integer> choose(CtVolume volume, Map<String, List<LabelledBox>> boxes) {
        int n = volume.sliceCount();
        TreeSet<Integer> withBoxes = new TreeSet<>();
        for (int s = 0; s < n; s++) {
            if (boxes.containsKey(volume.slices().get(s).sopInstanceUid())) {
                withBoxes.add(s);
            }
        }
        TreeSet<Integer> chosen = new TreeSet<>();
        List<Integer> boxed = List.copyOf(withBoxes);
        int fromBoxes = Math.min(boxed.size(), MAX_SLICES / 2);
        for (int i = 0; i < fromBoxes; i++) {
            chosen.add(boxed.get(i * boxed.size() / fromBoxes));
        }
        int rest = Math.min(n, MAX_SLICES) - chosen.size();
        for (int i = 0; i < rest && chosen.size() < Math.min(n, MAX_SLICES); i++) {
            chosen.add((int) Math.round((i + 0.5) * n / rest - 0.5));
        }
        return List.copyOf(chosen);
    }

    private static void panel(BufferedImage image, ModelInput input, int s, int c, int ox, int oy) {
        int size = input.size();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = Math.round(input.value(s, y, x, c) * 255);
                image.setRGB(ox + x, oy + y, (v << 16) | (v << 8) | v);
            }
        }
    }

    private static void outline(BufferedImage image, BrainMask mask, SliceTransform t, int ox, int oy) {
        int size = t.size();
        boolean[] inside = new boolean[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int col = (int) Math.floor(t.originX() + (x + 0.5) * t.scale());
                int row = (int) Math.floor(t.originY() + (y + 0.5) * t.scale());
                inside[y * size + x] =
                        col >= 0 && row >= 0 && col < mask.columns() && row < mask.rows() && mask.contains(row, col);
            }
        }
        for (int y = 1; y < size - 1; y++) {
            for (int x = 1; x < size - 1; x++) {
                int i = y * size + x;
                if (inside[i] && !(inside[i - 1] && inside[i + 1] && inside[i - size] && inside[i + size])) {
                    image.setRGB(ox + x, oy + y, 0x00ff00);
                }
            }
        }
    }
}
