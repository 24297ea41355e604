package org.ichcds.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

/**
 * A FHIR request that failed because the database connection was lost (a restart, a fail-over, {@code
 * pg_terminate_backend}) gets 503 with {@code Retry-After}, not 500: the request itself was fine, and repeating it
 * works once the database answers. The pool is emptied so that the next requests get new connections instead of the
 * other ended ones.
 */
@Interceptor
final class DatabaseOutageInterceptor {

    static final String MESSAGE =
            "the FHIR store cannot reach its database at the moment; repeat the request in a few seconds";

    private final DataSource dataSource;

    DatabaseOutageInterceptor(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException outage(Throwable failure, HttpServletResponse response) {
        if (!DatabaseOutage.causedBy(failure)) {
            return null;
        }
        DatabaseOutage.evictPooledConnections(dataSource);
        if (response != null) {
            response.setHeader("Retry-After", "5");
        }
        return new UnclassifiedServerFailureException(503, MESSAGE);
    }
}
