package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's HAProxy ({@code ./ichcds test} installs it) as the constant answer under the open-loop figures. */
class ConstantAnswerProxyTest {

    @Test
    void answersEveryRequestWithTheSameJsonAndStopsWhenClosed(@TempDir Path dir) throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<ConstantAnswerProxy> started = ConstantAnswerProxy.start(dir, why);
        assertThat(started).as("HAProxy did not start: " + why).isPresent();
        int port;
        try (ConstantAnswerProxy proxy = started.get()) {
            port = proxy.port;
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(proxy.url())).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(answer.body()).isEqualTo("{\"services\":[]}");

            OpenLoopSender.Outcome outcome;
            try (OpenLoopSender sender = new OpenLoopSender(4)) {
                outcome = sender.run(
                        java.util.Collections.nCopies(50, OpenLoopSender.Prepared.of(proxy.url(), null, null)),
                        500,
                        0,
                        30);
            }
            assertThat(outcome.count()).isEqualTo(50);
            assertThat(outcome.errors()).isZero();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            org.assertj.core.api.Assertions.fail("HAProxy still listens on " + port + " after close");
        } catch (java.io.IOException refused) {
            // stopped
        }
    }
}
