package org.ichcds.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A FHIR request that failed because the database connection was lost (a restart, a fail-over, {@code
 * pg_terminate_backend}) gets 503 with {@code Retry-After}, not 500: the request itself was fine, and repeating it
 * works once the database answers. The pool is emptied so that the next requests get new connections instead of the
 * other ended ones.
 *
 * <p>HAPI runs a search in a task of its own and rethrows its failure as a bare 500 without the cause. A 500 within
 * {@link #OUTAGE_WINDOW} of the pool meeting an ended session ({@link EvictPoolOnOutage}) is taken for that outage too;
 * a 4xx never is.
 */
@Interceptor
final class DatabaseOutageInterceptor {

    static final String MESSAGE =
            "the FHIR store cannot reach its database at the moment; repeat the request in a few seconds";

    /** How long after the pool met an ended session a causeless server error is taken for the outage. */
    static final Duration OUTAGE_WINDOW = Duration.ofSeconds(10);

    private final DataSource dataSource;

    DatabaseOutageInterceptor(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException outage(Throwable failure, HttpServletResponse response) {
        if (!DatabaseOutage.causedBy(failure)
                && !(serverError(failure) && EvictPoolOnOutage.seenRecently(dataSource, OUTAGE_WINDOW))) {
            return null;
        }
        DatabaseOutage.evictPooledConnections(dataSource);
        if (response != null) {
            response.setHeader("Retry-After", "5");
        }
        return new UnclassifiedServerFailureException(503, MESSAGE);
    }

    /** A failure answered 500: HAPI's internal error, or any exception HAPI has not given a status. */
    private static boolean serverError(Throwable failure) {
        return !(failure instanceof BaseServerResponseException answer) || answer.getStatusCode() == 500;
    }
}
