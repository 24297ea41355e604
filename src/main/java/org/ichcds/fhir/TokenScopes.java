package org.ichcds.fhir;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The SMART grant of the request being served: its resource scopes and its patient context. */
final class TokenScopes {

    /** What the access token grants. */
    record Grant(String client, List<SmartScope> scopes, Optional<String> patient) {}

    /** The grant of the current request's verified token, if it has one. */
    Optional<Grant> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            return Optional.empty();
        }
        return Optional.of(of(token.getToken()));
    }

    /** The client a token was issued to: {@code client_id} (RFC 9068), else its subject. */
    static String client(Jwt jwt) {
        String client = jwt.getClaimAsString("client_id");
        return client == null ? jwt.getSubject() : client;
    }

    static Grant of(Jwt jwt) {
        Object claim = jwt.getClaims().get("scope");
        List<String> scopes;
        if (claim instanceof String text) {
            scopes = List.of(text.trim().split("\\s+"));
        } else if (claim instanceof Collection<?> list) {
            scopes = list.stream().map(String::valueOf).toList();
        } else {
            scopes = List.of();
        }
        String patient = jwt.getClaimAsString("patient");
        if (patient != null && !patient.matches("[A-Za-z0-9\\-.]{1,64}")) {
            patient = null; // not a FHIR id (R4 id datatype): no patient context, so patient scopes grant nothing
        }
        return new Grant(
                client(jwt),
                SmartScope.parseAll(scopes),
                patient == null || patient.isBlank() ? Optional.empty() : Optional.of(patient));
    }
}
