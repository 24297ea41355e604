package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    @TempDir
    Path dir;

    private ModelDirectory sealedDirectory() throws Exception {
        Files.writeString(dir.resolve("saved_model.pb"), "graph");
        Files.createDirectories(dir.resolve("variables"));
        Files.writeString(dir.resolve("variables/variables.index"), "index");
        ModelDirectory model = new ModelDirectory(dir);
        model.seal(ModelManifestTest.sample(64).withFiles(Map.of()));
        return model;
    }

    @Test
    void aSealedDirectoryVerifies() throws Exception {
        ModelManifest manifest = sealedDirectory().verifiedManifest();
        // sha256 of the five bytes "graph", computed with sha256sum
        assertThat(manifest.files())
                .containsEntry("saved_model.pb", "eef93e1d14482804277fca0172464032d1a4fdbcc338524059fa1e861454ad4d")
                .containsKey("variables/variables.index")
                .doesNotContainKey(ModelManifest.FILE_NAME);
    }

    @Test
    void aChangedFileIsRejectedNamingTheFileAndBothDigests() throws Exception {
        ModelDirectory model = sealedDirectory();
        String sealedDigest = ModelDirectory.sha256(dir.resolve("variables/variables.index"));
        Files.writeString(dir.resolve("variables/variables.index"), "tampered");
        assertThatThrownBy(model::verifiedManifest)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variables/variables.index")
                .hasMessageContaining(sealedDigest);
    }

    @Test
    void anAddedOrMissingFileIsRejected() throws Exception {
        ModelDirectory model = sealedDirectory();
        Files.writeString(dir.resolve("extra.bin"), "x");
        assertThatThrownBy(model::verifiedManifest).hasMessageContaining("extra.bin is not listed");
        Files.delete(dir.resolve("extra.bin"));
        Files.delete(dir.resolve("saved_model.pb"));
        assertThatThrownBy(model::verifiedManifest)
                .hasMessageContaining("saved_model.pb listed in the manifest is missing");
    }

    @Test
    void aModelDirectoryGivenAsASymbolicLinkVerifiesAsItsTarget(@TempDir Path other) throws Exception {
        ModelManifest sealed = sealedDirectory().verifiedManifest();
        Path link = Files.createSymbolicLink(other.resolve("current"), dir);

        assertThat(new ModelDirectory(link).verifiedManifest().files()).isEqualTo(sealed.files());
    }

    @Test
    void aDirectoryWithoutManifestOrDigestsIsRejected() throws Exception {
        assertThatThrownBy(() -> new ModelDirectory(dir).verifiedManifest()).hasMessageContaining("no manifest.json");
        Files.writeString(
                dir.resolve(ModelManifest.FILE_NAME),
                ModelManifestTest.sample(64).withFiles(Map.of()).toJson());
        assertThatThrownBy(() -> new ModelDirectory(dir).verifiedManifest()).hasMessageContaining("lists no files");
    }
}
