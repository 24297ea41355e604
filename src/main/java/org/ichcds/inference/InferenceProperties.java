package org.ichcds.inference;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code ichcds.inference}.
 *
 * @param modelDir model directory (SavedModel + manifest.json); no model runner is created while unset
 * @param batchSize slices per TensorFlow call
 * @param device {@code cpu} (default) or {@code gpu} (needs the gpu build)
 * @param threads TensorFlow intra-op threads, 0 = one per core
 * @param minBoxScore boxes scoring below this are not reported; unset: the model's own ({@code minBoxScore} in its
 *     manifest, else 0.25)
 * @param nmsIou IoU above which a lower-scoring box of the same subtype is suppressed
 * @param topK slices averaged for a study probability (1 = maximum over slices)
 * @param keySlices key slices reported per label
 * @param maxBoxes boxes reported per label and study
 */
@ConfigurationProperties("ichcds.inference")
record InferenceProperties(
        Path modelDir,
        @DefaultValue("16") int batchSize,
        @DefaultValue("cpu") String device,
        @DefaultValue("0") int threads,
        Float minBoxScore,
        @DefaultValue("0.45") float nmsIou,
        @DefaultValue("1") int topK,
        @DefaultValue("3") int keySlices,
        @DefaultValue("10") int maxBoxes) {

    public InferenceProperties {
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("ichcds.inference.device is '" + device + "'; use cpu or gpu");
        }
    }

    RunnerOptions runnerOptions() {
        return new RunnerOptions(batchSize, device.equals("gpu"), threads, minBoxScore, nmsIou);
    }

    StudyAggregator.Options aggregation() {
        return new StudyAggregator.Options(topK, keySlices, maxBoxes, nmsIou);
    }
}
