package dev.tandem.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/** Builds the {@code tandem} command line with its error handling, for {@link Main} and for tests. */
public final class TandemCli {

    private TandemCli() {
    }

    public static CommandLine create(PrintWriter out, PrintWriter err, UnaryOperator<String> environment, Clock clock) {
        ErrorHandler errors = new ErrorHandler();
        CommandLine commandLine = new CommandLine(new TandemCommand(environment, clock))
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return commandLine;
    }

    /** Runs one command line and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, UnaryOperator<String> environment, String... args) {
        return run(out, err, environment, Clock.systemUTC(), args);
    }

    /** Runs one command line at the time {@code clock} tells, and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, UnaryOperator<String> environment, Clock clock,
                          String... args) {
        int code = create(out, err, environment, clock).execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
