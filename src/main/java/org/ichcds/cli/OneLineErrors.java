package org.ichcds.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Input a command cannot use ends with a non-zero exit and one line saying what is wrong: no stack trace. */
final class OneLineErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        commandLine.getErr().println("error: " + message.lines().findFirst().orElse(message));
        if (System.getenv("ICHCDS_DEBUG") != null) {
            ex.printStackTrace(commandLine.getErr());
        }
        return ex instanceof UsageException ? 2 : 1;
    }

    /** Thrown for arguments that are well-formed but unusable; exits with status 2 like a parse error. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
