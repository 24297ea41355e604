package org.ichcds.hooks;

import org.ichcds.reporting.CdsResponse;

/** Answers one hook. A service listed in {@code cds-services/} is offered only when a handler for its hook exists. */
interface CdsHookHandler {

    /** The hook this handler answers, e.g. {@code order-sign}. */
    String hook();

    /**
     * @param call the validated request, its service definition and its prefetch
     * @return the cards; never null
     * @throws CdsRequestException for requests that cannot be answered (400, 412, ...)
     */
    CdsResponse handle(HookCall call);

    /**
     * Everything a handler needs about one call. {@code baseUrl} is the public base URL of this server; the handler
     * notes in {@code audit} which study and analysis it answered from.
     */
    record HookCall(
            CdsServiceDefinition service, HookRequest request, Prefetch prefetch, String baseUrl, HookAudit audit) {}
}
