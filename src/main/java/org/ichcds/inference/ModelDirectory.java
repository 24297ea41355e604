package org.ichcds.inference;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A model directory: a SavedModel plus {@code manifest.json}. Sealing records the sha256 of every file in the
 * manifest; verifying refuses a directory whose files were changed, added or removed since.
 */
public final class ModelDirectory {

    private final Path root;

    public ModelDirectory(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Reads the manifest and checks every file against it. */
    public ModelManifest verifiedManifest() throws IOException {
        Path manifestFile = root.resolve(ModelManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException("model directory " + root + " has no " + ModelManifest.FILE_NAME);
        }
        ModelManifest manifest = ModelManifest.read(manifestFile);
        verify(manifest);
        return manifest;
    }

    /** Checks every file of the directory against the manifest's digests. */
    void verify(ModelManifest manifest) throws IOException {
        if (manifest.files().isEmpty()) {
            throw new IllegalArgumentException("manifest of " + root + " lists no files and their sha256");
        }
        Map<String, String> actual = digests();
        for (Map.Entry<String, String> expected : manifest.files().entrySet()) {
            String digest = actual.get(expected.getKey());
            if (digest == null) {
                throw new IllegalArgumentException(
                        "model file " + expected.getKey() + " listed in the manifest is missing");
            }
            if (!digest.equals(expected.getValue())) {
                throw new IllegalArgumentException("model file " + expected.getKey() + " has sha256 " + digest
                        + " but the manifest says " + expected.getValue());
            }
        }
        for (String path : actual.keySet()) {
            if (!manifest.files().containsKey(path)) {
                throw new IllegalArgumentException("model file " + path + " is not listed in the manifest");
            }
        }
    }

    /** Writes the manifest with the digests of the files now in the directory. */
    public ModelManifest seal(ModelManifest manifest) throws IOException {
        ModelManifest sealed = manifest.withFiles(digests());
        Files.writeString(root.resolve(ModelManifest.FILE_NAME), sealed.toJson());
        return sealed;
    }

    /** sha256 of every regular file except the manifest, keyed by '/'-separated relative path. */
    Map<String, String> digests() throws IOException {
        Map<String, String> digests = new TreeMap<>();
        // a model directory given as a symbolic link (models/current -> models/ich-phantom-v2) is walked where it
        // points: Files.walk does not enter a linked start directory
        Path start = root.toRealPath();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(start)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String relative = start.relativize(file).toString().replace('\\', '/');
            if (!relative.equals(ModelManifest.FILE_NAME)) {
                digests.put(relative, sha256(file));
            }
        }
        return digests;
    }

    static String sha256(Path file) throws IOException {
        try (DigestInputStream in =
                new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
