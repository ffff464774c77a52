package dev.tandem.cli;

import dev.tandem.failures.FailureClassifier;
import dev.tandem.playbook.load.InvalidPlaybookException;
import dev.tandem.sandbox.SandboxException;
import dev.tandem.store.StoreException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become output: a single line on stderr (every error for an
 * invalid playbook), the stack trace only with {@code -v}, and the documented exit code.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        int code = exitCode(e);
        if (e instanceof InvalidPlaybookException invalid) {
            invalid.formattedErrors().forEach(line -> err.println(line));
        } else {
            err.println("tandem: " + message(e));
        }
        if (verbose(command)) {
            e.printStackTrace(err);
        } else if (code == ExitCodes.INTERNAL) {
            err.println("tandem: this is a bug or an unexpected failure; rerun with -v for details");
        }
        err.flush();
        return code;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("tandem: " + e.getMessage() + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    static int exitCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // The command's own input and set-up; none of them ever wraps a Kafka failure.
            if (t instanceof InvalidPlaybookException) {
                return ExitCodes.INVALID_PLAYBOOK;
            } else if (t instanceof UsageException || t instanceof SandboxException
                    || t instanceof dev.tandem.http.PageServer.CannotListen) {
                return ExitCodes.USAGE;
            } else if (t instanceof StoreException) {
                return ExitCodes.UNREACHABLE;
            }
        }
        // The innermost classification wins: a refusal inside a flow's failure is a refusal.
        return ExitCodes.of(FailureClassifier.of(e).exitCategory());
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getName();
        }
        return e instanceof RuntimeException && exitCode(e) != ExitCodes.INTERNAL
                ? message : e.getClass().getSimpleName() + ": " + message;
    }

    private static boolean verbose(CommandLine command) {
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getCommand() instanceof TandemCommand tandem && tandem.verbose();
    }
}
