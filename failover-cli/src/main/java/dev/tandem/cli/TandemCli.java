package dev.tandem.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the {@code tandem} command line with its error handling, for {@link Main} and for tests. */
public final class TandemCli {

    private TandemCli() {
    }

    public static CommandLine create(PrintWriter out, PrintWriter err) {
        ErrorHandler errors = new ErrorHandler();
        CommandLine commandLine = new CommandLine(new TandemCommand())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return commandLine;
    }

    /** Runs one command line and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = create(out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
