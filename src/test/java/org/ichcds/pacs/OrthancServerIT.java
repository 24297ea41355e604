package org.ichcds.pacs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detached mode that {@code ichcds pacs start|stop|status} uses across processes. */
class OrthancServerIT {

    @Test
    void aDetachedOrthancIsFoundAndStoppedThroughItsPidFile(@TempDir Path dir) throws Exception {
        OrthancServer.Config config = new OrthancServer.Config("127.0.0.1", OrthancServer.freePort(), dir, "u", "p");
        OrthancServer.Status started = new OrthancServer(config).startDetached();
        try {
            assertThat(started.running()).isTrue();
            assertThat(started.version()).isEqualTo("1.10.1");
            long pid =
                    Long.parseLong(Files.readString(dir.resolve("orthanc.pid")).trim());
            assertThat(started.pid()).isEqualTo(pid);
            assertThat(Files.getPosixFilePermissions(dir.resolve("orthanc.json")))
                    .containsExactlyInAnyOrder(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

            // a second object, as a later 'pacs status' / 'pacs stop' would make
            OrthancServer later = new OrthancServer(config);
            assertThat(later.startDetached().pid()).as("start again is a no-op").isEqualTo(pid);
            assertThat(later.stop()).isTrue();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThat(later.status().running()).isFalse();
            assertThat(dir.resolve("orthanc.pid")).doesNotExist();
            assertThat(later.stop()).isFalse();
        } finally {
            new OrthancServer(config).stop();
        }
    }

    @Test
    void reportsTheLogWhenOrthancDiesAtStartUp(@TempDir Path dir) throws Exception {
        // a corrupt SQLite index: Orthanc cannot open its database and exits
        Path blocked = dir.resolve("blocked");
        Files.createDirectories(blocked.resolve("db"));
        Files.writeString(blocked.resolve("db").resolve("index"), "not a database ".repeat(100));
        OrthancServer server =
                new OrthancServer(new OrthancServer.Config("127.0.0.1", OrthancServer.freePort(), blocked, "u", "p"));
        org.assertj.core.api.Assertions.assertThatThrownBy(server::start)
                .hasMessageContaining("exited during start-up")
                .hasMessageContaining("orthanc.log");
    }
}
