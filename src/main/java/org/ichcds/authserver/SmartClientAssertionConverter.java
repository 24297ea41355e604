package org.ichcds.authserver;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * SMART Backend Services clients send {@code client_assertion_type} and {@code client_assertion} without a
 * {@code client_id} form parameter (RFC 7523 §2.2 makes it optional); Spring Authorization Server's own converter
 * requires it. This one takes the client id from the assertion's {@code iss}, unverified: the authentication provider
 * then verifies the assertion with that client's registered keys, and {@code iss} = {@code sub} = client id.
 */
final class SmartClientAssertionConverter implements AuthenticationConverter {

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())
                || request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null
                || !JWT_BEARER.equals(request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE))) {
            return null; // not ours: Spring's converters handle it
        }
        String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
        if (assertion == null) {
            return null;
        }
        String issuer;
        try {
            issuer = SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return null;
        }
        if (issuer == null || issuer.isBlank()) {
            return null;
        }
        Map<String, Object> parameters = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals(OAuth2ParameterNames.CLIENT_ASSERTION)
                    && !name.equals(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE)
                    && values.length > 0) {
                parameters.put(name, values.length == 1 ? values[0] : values);
            }
        });
        parameters.put(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE, JWT_BEARER);
        // the method Spring's own converter names: the provider then applies the client's registered method
        return new OAuth2ClientAuthenticationToken(
                issuer, new ClientAuthenticationMethod(JWT_BEARER), assertion, parameters);
    }
}
