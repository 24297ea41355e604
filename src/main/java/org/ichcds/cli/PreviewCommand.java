package org.ichcds.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.preprocessing.ModelInput;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.preprocessing.Preprocessor;
import org.ichcds.training.dataset.BhxBoxesCsv;
import org.ichcds.training.dataset.LabelledBox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ichcds preview}: a PNG montage of what the preprocessing makes of one series. */
@Command(
        name = "preview",
        mixinStandardHelpOptions = true,
        description = "Draw up to 12 slices of a series in the three model windows (brain 40/80, subdural 80/200,"
                + " bone 600/2800) with the brain-mask outline (green) and, from a BHX boxes.csv, the truth boxes"
                + " (red).")
final class PreviewCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SERIES_DIR", description = "folder holding the DICOM files of one series")
    Path series;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "PNG file to write")
    Path out;

    @Option(names = "--boxes", paramLabel = "boxes.csv", description = "BHX boxes.csv with truth boxes")
    Path boxes;

    @Override
    public Integer call() throws Exception {
        CtVolume volume = new StudyLoader().fromPath(series).volume();
        ModelInput input = new Preprocessor(PreprocessingSettings.defaults()).preprocess(volume);
        Map<String, List<LabelledBox>> truth = boxes == null ? Map.of() : BhxBoxesCsv.read(boxes);
        if (!ImageIO.write(new Montage().draw(volume, input, truth), "png", out.toFile())) {
            throw new OneLineErrors.UsageException("could not write PNG " + out);
        }
        System.out.println("wrote " + out);
        return 0;
    }
}
