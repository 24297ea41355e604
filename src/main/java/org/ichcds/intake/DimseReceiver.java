package org.ichcds.intake;

import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.ReceivedObjectHandler;
import com.pixelmed.network.StorageSOPClassSCP;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ichcds.audit.AuditEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The DICOM C-STORE receiver (PixelMed's storage SCP) on {@code ichcds.intake.dimse.port}. Its own accept loop binds
 * the configured address and lets {@link AssociationGate} reject callers not allowed (A-ASSOCIATE-RJ) before PixelMed
 * negotiates; each allowed association runs PixelMed's {@link StorageSOPClassSCP} on a worker. PixelMed answers every
 * C-STORE with Success once its handler returns, so an instance the intake refuses (over a limit, another patient)
 * makes the handler throw, which aborts the association: the sender sees that instance fail and sends no more.
 * Instances are accepted in the transfer syntaxes the pipeline reads, compressed ones included ({@link
 * ReadableStorePolicy}); they are spooled as received and decoded when the study is analysed.
 */
final class DimseReceiver implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DimseReceiver.class);
    private static final int MAX_PDU = 65536;

    private final IntakeProperties.Dimse settings;
    private final StudyIntake intake;
    private final AssociationGate gate;
    private ServerSocket server;
    private ThreadPoolExecutor workers;

    DimseReceiver(IntakeProperties.Dimse settings, StudyIntake intake) {
        this.settings = settings;
        this.intake = intake;
        this.gate = new AssociationGate(settings.aeTitle(), settings.allowedCallers());
    }

    @Override
    public synchronized void start() {
        try {
            server = new ServerSocket(settings.port(), 50, InetAddress.getByName(settings.bindAddress()));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the DICOM receiver cannot listen on " + settings.bindAddress() + ":" + settings.port()
                            + " (ichcds.intake.dimse.port, bind-address): " + e.getMessage(),
                    e);
        }
        int max = settings.maxAssociations();
        workers = new ThreadPoolExecutor(max, max, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(max * 4), r -> {
            Thread thread = new Thread(r, "dicom-association");
            thread.setDaemon(true);
            return thread;
        });
        ServerSocket listening = server;
        Thread acceptor = new Thread(() -> acceptLoop(listening), "dicom-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("DICOM receiver {} listening on port {}", settings.aeTitle(), server.getLocalPort());
        if (settings.allowedCallers().isEmpty()) {
            log.warn("ichcds.intake.dimse.allowed-callers is empty: every association is rejected until one is set");
        }
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                try {
                    workers.execute(() -> serve(socket));
                } catch (RejectedExecutionException busy) {
                    log.warn(
                            "DICOM association from {} dropped: too many waiting (ichcds.intake.dimse"
                                    + ".max-associations)",
                            socket.getInetAddress().getHostAddress());
                    socket.close();
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("DICOM receiver accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        Path folder = intake.spool().incoming().resolve(UUID.randomUUID().toString());
        try (socket) {
            socket.setTcpNoDelay(true); // each C-STORE-RSP at once: without it a delayed ACK costs ~40 ms per object
            socket.setSoTimeout(60_000);
            Optional<AssociationGate.Request> request = AssociationGate.read(socket.getInputStream());
            if (request.isEmpty()) {
                return;
            }
            AuditEntry.Who who = new AuditEntry.Who(
                    null,
                    request.get().callingAe(),
                    null,
                    socket.getInetAddress().getHostAddress());
            Optional<AssociationGate.Rejection> rejection = gate.judge(request.get(), socket.getInetAddress());
            if (rejection.isPresent()) {
                AssociationGate.reject(socket.getOutputStream(), rejection.get().reason());
                intake.refused(
                        "A-ASSOCIATE", who, null, new Refusal(0, rejection.get().text()));
                return;
            }
            Files.createDirectories(folder);
            new StorageSOPClassSCP(
                            new ReplaySocket(socket, request.get().bytes()),
                            settings.aeTitle(),
                            MAX_PDU,
                            0,
                            0,
                            folder.toFile(),
                            StoredFilePathStrategy.BYSOPINSTANCEUIDINSINGLEFOLDER,
                            handler(who),
                            null,
                            null,
                            null,
                            null,
                            new ReadableStorePolicy())
                    .run();
        } catch (Exception e) {
            log.warn("DICOM association ended: {}", e.getClass().getSimpleName());
        } finally {
            deleteQuietly(folder);
        }
    }

    private ReceivedObjectHandler handler(AuditEntry.Who who) {
        return new ReceivedObjectHandler() {
            @Override
            public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAe)
                    throws DicomNetworkException, IOException {
                StudyIntake.Received received = intake.receive(Path.of(fileName), "C-STORE", who);
                if (received.refusal() != null) {
                    // PixelMed has no failure status to give: throwing aborts the association
                    throw new DicomNetworkException(
                            "instance refused: " + received.refusal().getMessage());
                }
            }
        };
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // nothing was received, or the folder is gone already; a restart clears what remains
        }
    }

    @Override
    public synchronized void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            log.debug("DICOM receiver socket close: {}", e.getMessage());
        }
        if (workers != null) {
            workers.shutdownNow();
        }
        server = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The port listened on (the configured one, or the one chosen for port 0). */
    synchronized int port() {
        return server == null ? -1 : server.getLocalPort();
    }
}
