package org.ichcds.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ichcds.authserver.AuthorizationServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds authserver}: an OAuth2 authorization server (Spring Authorization Server) for SMART Backend Services
 * clients, in the foreground until stopped. For the demo, the tests and trying the server out; a site points
 * {@code ichcds.fhir.security.*} at its own authorization server instead.
 */
@Command(
        name = "authserver",
        mixinStandardHelpOptions = true,
        description = "Run an OAuth2 authorization server for SMART Backend Services clients (client_credentials with"
                + " a private_key_jwt assertion) on loopback, until stopped. The demo starts one by itself.")
final class AuthServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--clients", required = true, description = "the clients file (JSON; see README)")
    Path clients;

    @Option(names = "--port", description = "port (default: ${DEFAULT-VALUE})", defaultValue = "9000")
    int port;

    @Option(
            names = "--address",
            description = "interface to listen on (default: ${DEFAULT-VALUE})",
            defaultValue = "127.0.0.1")
    String address;

    @Option(names = "--issuer", description = "issuer URL of its tokens (default: http://ADDRESS:PORT)")
    URI issuer;

    @Option(
            names = "--signing-key",
            description = "file that keeps its token-signing key across restarts (default: a new key per start)")
    Path signingKey;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(clients)) {
            throw new OneLineErrors.UsageException("no clients file at " + clients);
        }
        AuthorizationServer.Running running =
                new AuthorizationServer(address, port, issuer, clients, signingKey).start();
        var out = spec.commandLine().getOut();
        out.println("authorization server: issuer " + running.issuer());
        out.println("  token endpoint: " + running.tokenEndpoint());
        out.println("  keys (JWKS):    " + running.jwksUri());
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(running::close));
        Thread.currentThread().join();
        return 0;
    }
}
