package org.ichcds.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ichcds.dicom.InstanceHeader;
import org.ichcds.dicom.StudyLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudySpoolTest {

    @TempDir
    Path dir;

    // 2 series per study, 3 instances and 250 bytes per series, 100 bytes per instance
    private final StudyLimits limits = new StudyLimits(2, 3, 100, 250, 512, 512);

    @Test
    void instancesArePlacedByStudySeriesAndSopAndCounted() throws Exception {
        StudySpool spool = new StudySpool(dir, 10_000, limits);

        spool.place(file(spool, 80), header("1.2", "1.2.1", "1.2.1.1"), bytes -> {});

        assertThat(dir.resolve("1.2").resolve("1.2.1").resolve("1.2.1.1.dcm")).hasSize(80);
        assertThat(spool.usedBytes()).isEqualTo(80);
        spool.remove("1.2");
        assertThat(dir.resolve("1.2")).doesNotExist();
        assertThat(spool.usedBytes()).isZero();
    }

    @Test
    void eachLimitRefusesWithItsSettingAndKeepsNothing() throws Exception {
        StudySpool spool = new StudySpool(dir, 10_000, limits);
        assertRefused(spool, 101, header("1.2", "1.2.1", "1.2.1.1"), "max-instance-size");
        for (int i = 1; i <= 3; i++) {
            spool.place(file(spool, 80), header("1.2", "1.2.1", "1.2.1." + i), bytes -> {});
        }
        assertRefused(spool, 10, header("1.2", "1.2.1", "1.2.1.4"), "max-instances");
        spool.place(file(spool, 90), header("1.2", "1.2.2", "1.2.2.1"), bytes -> {});
        spool.place(file(spool, 90), header("1.2", "1.2.2", "1.2.2.2"), bytes -> {});
        assertRefused(spool, 90, header("1.2", "1.2.2", "1.2.2.3"), "max-series-size");
        assertRefused(spool, 10, header("1.2", "1.2.3", "1.2.3.1"), "max-series");
        assertThat(spool.usedBytes()).isEqualTo(420);
        try (var left = Files.list(spool.incoming())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theSpoolCapRefusesAsOutOfResourcesAndCountsWhatARestartFinds() throws Exception {
        StudySpool spool = new StudySpool(dir, 150, limits);
        spool.place(file(spool, 100), header("1.2", "1.2.1", "1.2.1.1"), bytes -> {});

        assertRefused(spool, 60, header("1.3", "1.3.1", "1.3.1.1"), "spool-max-size");
        assertThat(new StudySpool(dir, 150, limits).usedBytes()).isEqualTo(100);
    }

    @Test
    void aRefusalOfTheStudyRecordKeepsNothing() throws Exception {
        StudySpool spool = new StudySpool(dir, 10_000, limits);
        Path received = file(spool, 10);

        assertThatThrownBy(() -> spool.place(received, header("1.2", "1.2.1", "1.2.1.1"), bytes -> {
                    throw new Refusal(Refusal.PROCESSING_FAILURE, "another patient");
                }))
                .isInstanceOf(Refusal.class);
        assertThat(received).doesNotExist();
        assertThat(dir.resolve("1.2")).doesNotExist();
        assertThat(spool.usedBytes()).isZero();
    }

    private void assertRefused(StudySpool spool, int size, InstanceHeader header, String setting) throws Exception {
        Path received = file(spool, size);
        assertThatThrownBy(() -> spool.place(received, header, bytes -> {}))
                .isInstanceOfSatisfying(
                        Refusal.class, r -> assertThat(r.status()).isEqualTo(Refusal.OUT_OF_RESOURCES))
                .hasMessageContaining(setting);
        assertThat(received).doesNotExist();
    }

    private static Path file(StudySpool spool, int size) throws Exception {
        return Files.write(spool.newIncomingFile(), new byte[size]);
    }

    private static InstanceHeader header(String study, String series, String sop) {
        return new InstanceHeader(study, series, sop, "1.2.840.10008.5.1.4.1.1.2", "MRN1", "");
    }
}
