package org.ichcds.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import org.ichcds.fhir.SmartScope.Context;

/**
 * Narrows searches of a token with a patient context and only {@code patient/} scopes to that patient's compartment,
 * so {@code GET /fhir/Observation} returns that patient's Observations instead of being refused outright.
 */
final class SmartSearchNarrowing extends SearchNarrowingInterceptor {

    private final TokenScopes tokens;

    SmartSearchNarrowing(TokenScopes tokens) {
        this.tokens = tokens;
    }

    @Override
    protected AuthorizedList buildAuthorizedList(RequestDetails request) {
        return tokens.current()
                .filter(grant -> grant.patient().isPresent())
                .filter(grant -> !grant.scopes().isEmpty()
                        && grant.scopes().stream().allMatch(s -> s.context() == Context.PATIENT))
                .map(grant -> new AuthorizedList()
                        .addCompartment("Patient/" + grant.patient().get()))
                .orElse(null);
    }
}
