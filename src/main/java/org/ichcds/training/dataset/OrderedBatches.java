package org.ichcds.training.dataset;

import java.util.ArrayList;
import java.util.List;
import org.ichcds.inference.Box;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.BatchSource;
import org.ichcds.training.TrainingBatch;

/**
 * Every given slice once, in order, without augmentation or undersampling: the validation pass, whose losses and
 * predictions must describe the data as the server will see it. The last batch may be smaller.
 */
public final class OrderedBatches implements BatchSource {

    private final SliceSource source;
    private final int[] slices;
    private final int batchSize;

    public OrderedBatches(SliceSource source, List<Integer> slices, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be positive");
        }
        this.source = source;
        this.slices = slices.stream().mapToInt(i -> i).toArray();
        this.batchSize = batchSize;
    }

    @Override
    public int batchCount() {
        return (slices.length + batchSize - 1) / batchSize;
    }

    /** The source index of the {@code position}-th slice of the pass. */
    public int sliceAt(int position) {
        return slices[position];
    }

    @Override
    public TrainingBatch batch(int epoch, int index) {
        int from = index * batchSize;
        int count = Math.min(batchSize, slices.length - from);
        int size = source.inputSize();
        int values = size * size * source.channels();
        float[] images = new float[count * values];
        float[] labels = new float[count * HemorrhageLabel.COUNT];
        List<List<Box>> boxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int slice = slices[from + i];
            source.render(slice, images, i * values);
            System.arraycopy(
                    source.slice(slice).targets(), 0, labels, i * HemorrhageLabel.COUNT, HemorrhageLabel.COUNT);
            boxes.add(source.boxes(slice));
        }
        return new TrainingBatch(images, count, size, size, labels, boxes);
    }
}
