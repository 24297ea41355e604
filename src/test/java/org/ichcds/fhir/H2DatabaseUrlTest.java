package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2DatabaseUrlTest {

    private static final int ROWS = 60_000;

    @Test
    void anH2UrlClosesWithItsPoolUnlessItSaysOtherwise() {
        assertThat(H2DatabaseUrl.closedByTheServer("jdbc:h2:file:/tmp/x/h2"))
                .isEqualTo("jdbc:h2:file:/tmp/x/h2;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(H2DatabaseUrl.closedByTheServer("jdbc:h2:mem:it;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:it;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(H2DatabaseUrl.closedByTheServer("jdbc:h2:file:./data;db_close_on_exit=true"))
                .isEqualTo("jdbc:h2:file:./data;db_close_on_exit=true");
        assertThat(H2DatabaseUrl.closedByTheServer("jdbc:postgresql://127.0.0.1:5432/x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
    }

    @Test
    void anH2DatabaseInAFileIsOpenedOnTheRetryFileSystemUnlessItNamesAnother() {
        assertThat(H2DatabaseUrl.interruptSafe("jdbc:h2:file:./data/database/h2;DB_CLOSE_ON_EXIT=FALSE"))
                .isEqualTo("jdbc:h2:file:retry:./data/database/h2;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(H2DatabaseUrl.interruptSafe("jdbc:h2:/var/lib/ichcds/h2"))
                .isEqualTo("jdbc:h2:retry:/var/lib/ichcds/h2");
        assertThat(H2DatabaseUrl.interruptSafe("jdbc:h2:~/h2")).isEqualTo("jdbc:h2:retry:~/h2");
        assertThat(H2DatabaseUrl.interruptSafe("jdbc:h2:file:C:/ichcds/h2"))
                .isEqualTo("jdbc:h2:file:retry:C:/ichcds/h2");
        for (String unchanged : new String[] {
            "jdbc:h2:file:retry:./data/h2",
            "jdbc:h2:nio:./data/h2",
            "jdbc:h2:file:split:./data/h2",
            "jdbc:h2:mem:it;DB_CLOSE_DELAY=-1",
            "jdbc:h2:tcp://db.example.org/h2",
            "jdbc:postgresql://127.0.0.1:5432/x"
        }) {
            assertThat(H2DatabaseUrl.interruptSafe(unchanged)).isEqualTo(unchanged);
        }
    }

    /**
     * What the retry file system is for: a reader interrupted again and again while its reads go to the file (a cache
     * far smaller than the table). On H2's plain file system interrupted reads fail, and an interrupt mostly closes the
     * database for every connection; on the URL the server makes of it, every read succeeds and the database stays
     * open.
     */
    @Test
    void readsInterruptedMidFileLeaveTheDatabaseOpen(@TempDir Path dir) throws Exception {
        String plain = "jdbc:h2:file:" + dir.resolve("plain").toAbsolutePath() + ";CACHE_SIZE=64";
        // the control: on the plain file system the interrupts reach the reads, which fail, and most runs the whole
        // database closes with them (in some runs H2 keeps it open, and only the interrupted reads fail)
        assertThat(interruptedReads(plain))
                .as("the plain file system fails interrupted reads: this test's reads reach the file")
                .matches("broken: .*|open, [1-9][0-9]* reads failed, " + ROWS + " rows");

        String served = H2DatabaseUrl.interruptSafe(H2DatabaseUrl.closedByTheServer(
                "jdbc:h2:file:" + dir.resolve("served").toAbsolutePath() + ";CACHE_SIZE=64"));
        assertThat(interruptedReads(served)).isEqualTo("open, 0 reads failed, " + ROWS + " rows");
    }

    /**
     * Fills a table, reads it on a thread interrupted every millisecond, then counts its rows on another connection;
     * "broken: …" when the database failed any of that after the reads began.
     */
    private static String interruptedReads(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            connection.createStatement().execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(400))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "x".repeat(300) + i);
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
            }
        }
        AtomicInteger failed = new AtomicInteger();
        String outcome;
        try (Connection reader = DriverManager.getConnection(url, "sa", "");
                Connection other = DriverManager.getConnection(url, "sa", "")) {
            Thread reading = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(7);
                for (int i = 0; i < 5_000; i++) {
                    try (PreparedStatement select = reader.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                        select.setInt(1, random.nextInt(ROWS));
                        select.executeQuery().next();
                    } catch (SQLException e) {
                        failed.incrementAndGet();
                    }
                    Thread.interrupted();
                }
            });
            reading.start();
            while (reading.isAlive()) {
                reading.interrupt();
                Thread.sleep(1);
            }
            try (ResultSet count = other.createStatement().executeQuery("SELECT count(*) FROM t")) {
                count.next();
                outcome = "open, " + failed.get() + " reads failed, " + count.getInt(1) + " rows";
            }
        } catch (SQLException broken) {
            // "The database has been closed", or a write of H2's own that met the closed file
            return "broken: " + broken.getMessage();
        }
        return outcome;
    }
}
