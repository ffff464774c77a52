package dev.tandem.it.support;

import dev.tandem.cli.TandemCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the tandem command line in-process with the test JVM's environment, capturing its output. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TandemCli.run(new PrintWriter(out), new PrintWriter(err), System::getenv, args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
