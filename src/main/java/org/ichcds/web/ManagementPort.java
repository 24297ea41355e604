package org.ichcds.web;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The port the management server (actuator: metrics, info, health in full) listens on, once it has started; -1 when
 * it runs on the application port or not yet. Requests are matched against it, so the management endpoints answer
 * on that port only, whatever number it was given (0 in tests picks a free one).
 */
final class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

    // Spring Boot names the management server's context "management" (ManagementContextFactory)
    private static final String NAMESPACE = "management";

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    boolean isManagementRequest(jakarta.servlet.http.HttpServletRequest request) {
        return port > 0 && request.getLocalPort() == port;
    }
}
