package org.ichcds.pacs;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The PACS that {@code ichcds pacs} and the demo run ({@code ichcds.pacs.*}). The server uses its credentials for
 * DICOMweb endpoints on this host and port.
 */
@ConfigurationProperties("ichcds.pacs")
public record PacsProperties(String host, int port, Path storage, String username, String password) {

    /** Base URL of this PACS's HTTP server, e.g. {@code http://127.0.0.1:18042}. */
    public URI baseUrl() {
        return URI.create("http://" + host + ":" + port);
    }

    public OrthancServer.Config toOrthancConfig() {
        return new OrthancServer.Config(host, port, storage, username, password);
    }

    @Override
    public String toString() {
        return "PacsProperties[host=" + host + ", port=" + port + ", storage=" + storage + ", username=" + username
                + ", password=***]";
    }
}
