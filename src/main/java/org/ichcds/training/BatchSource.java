package org.ichcds.training;

/** Where training batches come from (phantoms, RSNA/BHX files, synthetic tensors): the loop needs only this. */
public interface BatchSource {

    /** Batches in one epoch. */
    int batchCount();

    /**
     * One batch; a source may shuffle or augment differently per epoch.
     *
     * @param epoch epoch number, from 1
     * @param index batch index within the epoch, from 0
     */
    TrainingBatch batch(int epoch, int index);
}
