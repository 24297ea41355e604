package org.ichcds.hooks;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ichcds.analysis.AfterAnswer;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Sends a hook's answer before the work it leaves behind ({@link AfterAnswer}): the scope opens when the call reaches
 * its handler and closes once the answer is flushed to the client.
 */
final class AnswerFirst implements HandlerInterceptor {

    /** Puts it in front of the hook calls. */
    @Configuration(proxyBeanMethods = false)
    static class Registration implements WebMvcConfigurer {
        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new AnswerFirst()).addPathPatterns("/cds-services/*");
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        AfterAnswer.open();
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        try {
            if (!response.isCommitted()) {
                response.flushBuffer();
            }
        } catch (IOException gone) {
            // the client went away: the deferred work is still the server's to do
        } finally {
            AfterAnswer.close();
        }
    }
}
