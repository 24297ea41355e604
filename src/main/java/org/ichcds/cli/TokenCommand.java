package org.ichcds.cli;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ichcds.authserver.BackendServicesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ichcds token}: gets an access token as a SMART Backend Services client and prints it (and nothing else), for
 * {@code curl -H "Authorization: Bearer $(./ichcds token …)"}.
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Get an access token from an authorization server as a SMART Backend Services client"
                + " (client_credentials, private_key_jwt) and print it.")
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--token-endpoint", required = true, description = "the authorization server's token endpoint")
    URI tokenEndpoint;

    @Option(names = "--client", required = true, description = "the client id")
    String client;

    @Option(names = "--key", required = true, description = "the client's private key (a JWK in a file)")
    Path key;

    @Option(
            names = "--scope",
            split = " ",
            description = "scopes (default: ${DEFAULT-VALUE})",
            defaultValue = "system/*.rs")
    List<String> scopes;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(key)) {
            throw new OneLineErrors.UsageException("no key file at " + key);
        }
        JWK jwk = JWK.parse(Files.readString(key));
        String token = new BackendServicesClient(tokenEndpoint, client, jwk).accessToken(scopes);
        spec.commandLine().getOut().println(token);
        return 0;
    }
}
