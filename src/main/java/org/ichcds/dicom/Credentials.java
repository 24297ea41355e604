package org.ichcds.dicom;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** How to authenticate to a DICOMweb endpoint. {@code toString()} never prints a secret. */
public sealed interface Credentials {

    static Credentials none() {
        return new None();
    }

    static Credentials basic(String user, String password) {
        return new Basic(user, password);
    }

    static Credentials bearer(String token) {
        return new Bearer(token);
    }

    /** The value of the HTTP Authorization header (RFC 7617, RFC 6750), empty for none. */
    Optional<String> authorizationHeader();

    /** No authentication. */
    record None() implements Credentials {
        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }
    }

    /** HTTP Basic (RFC 7617), sent preemptively to save the 401 round trip. */
    record Basic(String user, String password) implements Credentials {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.contains(":")) {
                throw new IllegalArgumentException("a Basic user name cannot contain ':' (RFC 7617)");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair));
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /** A bearer token (RFC 6750). */
    record Bearer(String token) implements Credentials {
        public Bearer {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("the bearer token is empty");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[token=***]";
        }
    }
}
