package org.ichcds.analysis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ichcds.dicom.CtVolume;
import org.ichcds.identifiers.Identifiers;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.LabelPrediction;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.SliceBox;
import org.ichcds.inference.StudyCalls;
import org.ichcds.inference.StudyPrediction;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.preprocessing.SliceTransform;
import org.ichcds.reporting.BoxFinding;
import org.ichcds.reporting.LabelFinding;
import org.ichcds.reporting.ModelIdentity;
import org.ichcds.reporting.StudyFindings;

/**
 * Turns the model's study-level prediction into the findings the reports and cards speak of: operating thresholds from
 * the manifest, boxes mapped from model input pixels back to the slice's own pixels and named by SOP Instance UID (a
 * valid UID derived from the image's own identifier when that is not one, see {@link Identifiers#conformantUid}).
 */
final class FindingsMapper {

    private final ModelManifest manifest;
    private final ModelIdentity identity;

    FindingsMapper(ModelManifest manifest) {
        this.manifest = manifest;
        this.identity = identity(manifest);
    }

    /** The model as the reports name it: its id, version and the Device UID of that version. */
    static ModelIdentity identity(ModelManifest manifest) {
        return new ModelIdentity(manifest.id(), manifest.version(), manifest.id(), deviceUid(manifest));
    }

    StudyFindings toStudyFindings(
            String analysisId,
            StudyTarget target,
            CtVolume volume,
            List<SliceTransform> transforms,
            StudyPrediction prediction,
            Instant analysedAt) {
        List<LabelFinding> labels = new ArrayList<>();
        boolean[] calls = StudyCalls.of(label -> prediction.label(label).probability(), manifest::threshold);
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            LabelPrediction predicted = prediction.label(label);
            double threshold = manifest.threshold(label);
            boolean flagged = calls[label.ordinal()];
            // the detector draws a box wherever it scores one; a label reported absent shows none
            List<BoxFinding> boxes = flagged
                    ? predicted.boxes().stream()
                            .map(box -> original(volume, transforms, box))
                            .toList()
                    : List.of();
            labels.add(new LabelFinding(
                    label.code(), predicted.probability(), threshold, flagged, predicted.keySlices(), boxes));
        }
        // the images' own identifiers need not be UIDs (the RSNA 2019 files): what the findings name is one
        return new StudyFindings(
                analysisId,
                Identifiers.conformantUid(target.studyUid()),
                Identifiers.conformantUid(volume.seriesUid()),
                target.patientRef(),
                target.imagingStudyRef(),
                identity,
                analysedAt,
                labels);
    }

    private static BoxFinding original(CtVolume volume, List<SliceTransform> transforms, SliceBox sliceBox) {
        var box = sliceBox.box();
        PixelBox pixels =
                transforms.get(sliceBox.slice()).toOriginal(new PixelBox(box.x(), box.y(), box.width(), box.height()));
        return new BoxFinding(
                Identifiers.conformantUid(volume.slices().get(sliceBox.slice()).sopInstanceUid()),
                sliceBox.slice(),
                (int) Math.round(pixels.x()),
                (int) Math.round(pixels.y()),
                Math.max(1, (int) Math.round(pixels.width())),
                Math.max(1, (int) Math.round(pixels.height())),
                box.score());
    }

    /** DICOM PS3.5 B.2: a UUID-derived UID under 2.25, here from the model's id and version, so it is stable. */
    static String deviceUid(ModelManifest manifest) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((manifest.id() + "@" + manifest.version()).getBytes(StandardCharsets.UTF_8));
            return "2.25." + new BigInteger(1, Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
