package org.ichcds.inference;

import java.util.List;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.preprocessing.SigmoidWindow;
import org.ichcds.preprocessing.WindowChannel;

/**
 * The preprocessing a model's manifest asks for: its input size and its three windows in channel order, with slice
 * context when the manifest names it ({@link ModelManifest#sliceContext()}: nine channels). As in {@link
 * PreprocessingSettings#defaults()}, the soft-tissue windows are skull-stripped and the {@code bone} window keeps the
 * skull. Thin slices are read as the slabs the manifest names ({@link ModelManifest#slabMm()}).
 */
public final class ModelPreprocessing {

    private ModelPreprocessing() {}

    /**
     * The preprocessing a model expects: its input size, its windows (every window but bone skull-stripped) and its
     * slabs.
     */
    public static PreprocessingSettings of(ModelManifest manifest) {
        ModelManifest.InputSize size = manifest.inputSize();
        if (size.height() != size.width()) {
            throw new IllegalArgumentException("model " + manifest.id() + " takes " + size.height() + "x" + size.width()
                    + " slices; the preprocessing makes square ones");
        }
        List<WindowChannel> channels = manifest.windows().stream()
                .map(w -> new WindowChannel(
                        new SigmoidWindow(w.name(), w.level(), w.width()), !"bone".equalsIgnoreCase(w.name())))
                .toList();
        return new PreprocessingSettings(
                size.height(),
                manifest.hasSliceContext(),
                channels,
                manifest.slabThicknessMm(),
                manifest.slabModeOrMean());
    }
}
