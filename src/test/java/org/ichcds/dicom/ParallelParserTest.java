package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The parse pool's queue is bounded: when it is full, the thread that reads the series parses the instance itself
 * (the read slows down), and every instance is still parsed, in order.
 */
class ParallelParserTest {

    @Test
    void aFullQueueMakesTheReaderParseAndLosesNothing() throws Exception {
        ThreadPoolExecutor pool = ParallelParser.boundedPool(1, 2);
        try {
            CountDownLatch release = new CountDownLatch(1);
            ParallelParser parser = new ParallelParser(pool);
            Thread reader = Thread.currentThread();
            String[] parsedBy = new String[5];
            // the first task holds the only thread; two wait in the queue; the fourth and fifth find it full
            parser.submit(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                parsedBy[0] = Thread.currentThread().getName();
                throw new DicomFormatException("instance 0 rejected");
            });
            for (int i = 1; i < 5; i++) {
                int index = i;
                parser.submit(() -> {
                    parsedBy[index] = Thread.currentThread() == reader
                            ? "reader"
                            : Thread.currentThread().getName();
                    throw new DicomFormatException("instance " + index + " rejected");
                });
                assertThat(pool.getQueue().size()).isLessThanOrEqualTo(2);
            }
            assertThat(parsedBy[3]).isEqualTo("reader");
            assertThat(parsedBy[4]).isEqualTo("reader");
            release.countDown();

            List<ParallelParser.Outcome> outcomes = parser.await();

            assertThat(outcomes).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(outcomes.get(i).rejection()).hasMessage("instance " + i + " rejected");
            }
            assertThat(parsedBy[0]).isEqualTo("dicom-parse");
            assertThat(parsedBy[1]).isEqualTo("dicom-parse");
        } finally {
            pool.shutdownNow();
        }
    }
}
