package org.ichcds.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Sends prepared HTTP/1.1 requests at fixed intervals over plain keep-alive sockets, one blocking thread per connection,
 * and records each latency from the moment its request was due (no coordinated omission).
 *
 * <p>A request due while every connection is busy waits for the first free one or a new one, and that wait counts in its
 * latency. The JDK's asynchronous HTTP client, used before, handed each call between several threads; on two cores its
 * own overhead was a 2 ms median against a constant answer from HAProxy, so it measured itself as much as the server.
 * Here a call costs the sending thread one wake-up to write and one to read the answer.
 */
final class OpenLoopSender implements Closeable {

    /** What one run measured, latencies in microseconds from each request's due time. */
    record Outcome(
            long count,
            long errors,
            long p50,
            long p99,
            long p999,
            long max,
            double sentPerSecond,
            java.util.Map<String, Integer> failures) {}

    /** One request, ready to write: the target's address and the whole message. */
    record Prepared(String host, int port, byte[] message) {

        static Prepared of(String url, String authorization, String body) {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("the load generator speaks plain HTTP only, not " + url);
            }
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder()
                    .append(body == null ? "GET " : "POST ")
                    .append(target.isEmpty() ? "/" : target)
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getHost())
                    .append(':')
                    .append(port)
                    .append("\r\nAccept: application/json\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(content.length)
                        .append("\r\n");
            }
            byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            byte[] message = new byte[start.length + content.length];
            System.arraycopy(start, 0, message, 0, start.length);
            System.arraycopy(content, 0, message, start.length, content.length);
            return new Prepared(uri.getHost(), port, message);
        }
    }

    private record Job(Prepared request, long due, boolean measured) {}

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);
    private static final Job STOP = new Job(null, 0, false);

    private final int maxConnections;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final List<Thread> connections = new ArrayList<>();
    private final AtomicInteger idle = new AtomicInteger();
    private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final java.util.concurrent.ConcurrentSkipListMap<String, Integer> failures =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    OpenLoopSender(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /**
     * Sends {@code requests} in order, one every {@code 1/rate} seconds; the first {@code warmup} are sent but not
     * measured. Returns when every request has been answered, failed, or {@code timeout} has passed.
     */
    Outcome run(List<Prepared> requests, double rate, int warmup, long timeoutSeconds) throws InterruptedException {
        synchronized (histogram) {
            histogram.reset();
        }
        errors.set(0);
        finished.set(0);
        failures.clear();
        long period = Math.round(1e9 / rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long measuredFrom = start;
        for (int i = 0; i < requests.size(); i++) {
            long due = start + i * period;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (i == warmup) {
                measuredFrom = System.nanoTime();
            }
            if (jobs.size() >= idle.get() && connections.size() < maxConnections) {
                open();
            }
            jobs.add(new Job(requests.get(i), due, i >= warmup));
        }
        int measured = requests.size() - warmup;
        double sentPerSecond = measured / ((System.nanoTime() - measuredFrom) / 1e9);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (finished.get() < requests.size() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        synchronized (histogram) {
            long unanswered = requests.size() - finished.get();
            java.util.Map<String, Integer> failed = new java.util.TreeMap<>(failures);
            if (unanswered > 0) {
                failed.put("unanswered", (int) unanswered);
            }
            return new Outcome(
                    histogram.getTotalCount(),
                    errors.get() + unanswered,
                    histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(99),
                    histogram.getValueAtPercentile(99.9),
                    histogram.getMaxValue(),
                    sentPerSecond,
                    failed);
        }
    }

    private void open() {
        Thread thread = new Thread(this::serve, "open-loop-connection-" + connections.size());
        thread.setDaemon(true);
        idle.incrementAndGet();
        connections.add(thread);
        thread.start();
    }

    /** One connection's thread: takes the next due request, sends it, reads the whole answer, records the latency. */
    private void serve() {
        Connection connection = null;
        try {
            for (Job job = jobs.take(); job != STOP; job = jobs.take()) {
                idle.decrementAndGet();
                String outcome;
                try {
                    if (connection == null || !connection.reaches(job.request())) {
                        close(connection);
                        connection = new Connection(job.request());
                    }
                    int status;
                    try {
                        status = connection.exchange(job.request().message());
                    } catch (StaleConnection e) {
                        // closed by the server while idle, before this request: the same request on a new one
                        close(connection);
                        connection = new Connection(job.request());
                        status = connection.exchange(job.request().message());
                    }
                    outcome = Integer.toString(status);
                    if (!connection.reusable()) {
                        close(connection);
                        connection = null;
                    }
                } catch (IOException e) {
                    outcome = e instanceof java.net.SocketTimeoutException ? "timeout" : "io";
                    close(connection);
                    connection = null;
                }
                long micros = (System.nanoTime() - job.due()) / 1_000;
                if (!outcome.equals("200")) {
                    errors.incrementAndGet();
                    failures.merge(outcome, 1, Integer::sum);
                }
                if (job.measured()) {
                    synchronized (histogram) {
                        histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
                    }
                }
                finished.incrementAndGet();
                idle.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(connection);
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < connections.size(); i++) {
            jobs.add(STOP);
        }
    }

    /** A kept-alive connection that the server had closed before the request was written. */
    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    /** One keep-alive HTTP/1.1 connection, read and written by one thread. */
    private static final class Connection {

        private static final long IDLE_MILLIS = 1_000;

        private final String host;
        private final int port;
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private boolean reusable = true;
        private boolean used;
        private long idleSince = System.nanoTime();

        Connection(Prepared target) throws IOException {
            host = target.host();
            port = target.port();
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
            socket.connect(new InetSocketAddress(host, port), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        /**
         * Whether the next request to {@code target} may go over this connection: the same server, kept alive, and idle
         * less than {@value #IDLE_MILLIS} ms (servers close idle connections, and a request written into a closed one
         * is lost).
         */
        boolean reaches(Prepared target) {
            return reusable
                    && host.equals(target.host())
                    && port == target.port()
                    && System.nanoTime() - idleSince < TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
        }

        boolean reusable() {
            return reusable;
        }

        /** Writes the request and reads the answer to its end; its status code. */
        int exchange(byte[] message) throws IOException {
            String statusLine;
            try {
                out.write(message);
                out.flush();
                statusLine = line();
            } catch (IOException e) {
                if (used) {
                    throw new StaleConnection(e);
                }
                throw e;
            }
            used = true;
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.1 answer: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> reusable &= !value.contains("close");
                    default -> {}
                }
            }
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else if (status != 204 && status != 304) {
                skip(Long.MAX_VALUE); // delimited by the end of the connection
                reusable = false;
            }
            idleSince = System.nanoTime();
            return status;
        }

        private long chunkSize() throws IOException {
            String size = line();
            int extension = size.indexOf(';');
            return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        }

        private void skip(long count) throws IOException {
            for (long left = count; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        if (count == Long.MAX_VALUE) {
                            return;
                        }
                        throw new IOException("the connection closed inside an answer");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed inside an answer");
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to keep
            }
        }
    }
}
