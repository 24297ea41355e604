package org.ichcds.pacs;

import java.nio.file.Path;

/**
 * The PACS that {@code ichcds pacs} and the demo run ({@code ichcds.pacs.*}), read by the command line's settings. The
 * server does not read them: it fetches only from the DICOMweb sources of {@code ichcds.dicomweb.sources}, with their credentials.
 */
public record PacsProperties(String host, int port, Path storage, String username, String password) {

    public OrthancServer.Config toOrthancConfig() {
        return new OrthancServer.Config(host, port, storage, username, password);
    }

    @Override
    public String toString() {
        return "PacsProperties[host=" + host + ", port=" + port + ", storage=" + storage + ", username=" + username
                + ", password=***]";
    }
}
