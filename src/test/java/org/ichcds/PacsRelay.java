package org.ichcds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay in front of the tests' PACS, registered as a DICOMweb source of its own. It passes everything through,
 * and when armed it holds the next answer larger than a threshold half way (a series being fetched), so that a test
 * can stop the PACS in the middle of a fetch and see what the server makes of it.
 */
public final class PacsRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private volatile Hold hold;

    /** An armed hold: {@link #reached()} once an answer is held, {@link #release()} to cut it. */
    public static final class Hold {
        private final long afterBytes;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(long afterBytes) {
            this.afterBytes = afterBytes;
        }

        /** Waits until an answer is held mid-body. */
        public boolean reached(long seconds) throws InterruptedException {
            return reached.await(seconds, TimeUnit.SECONDS);
        }

        /** Cuts the held answer: the client sees its connection end before the body does. */
        public void release() {
            released.countDown();
        }
    }

    private PacsRelay(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    public static PacsRelay start(int upstreamPort) throws IOException {
        PacsRelay relay = new PacsRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort);
        Thread accept = new Thread(relay::acceptLoop, "pacs-relay");
        accept.setDaemon(true);
        accept.start();
        return relay;
    }

    /** The relay's address for the same path as the PACS's {@code uri}. */
    public URI in(URI uri) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + uri.getRawPath());
    }

    /** Holds the next answer once more than {@code bytes} of it have passed. */
    public Hold holdNextAnswerAfter(long bytes) {
        Hold armed = new Hold(bytes);
        hold = armed;
        return armed;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread relay = new Thread(() -> relay(client), "pacs-relay-connection");
                relay.setDaemon(true);
                relay.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client;
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            Thread requests = new Thread(() -> copy(client, upstream, null), "pacs-relay-request");
            requests.setDaemon(true);
            requests.start();
            copy(upstream, client, hold);
        } catch (IOException e) {
            // the PACS is down: the client sees its connection closed
        }
    }

    private void copy(Socket from, Socket to, Hold armed) {
        byte[] buffer = new byte[16384];
        long passed = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
                passed += n;
                if (armed != null && passed > armed.afterBytes && hold == armed) {
                    hold = null;
                    armed.reached.countDown();
                    armed.released.await(120, TimeUnit.SECONDS);
                    return;
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // either side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (armed != null) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
