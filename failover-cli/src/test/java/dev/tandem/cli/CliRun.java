package dev.tandem.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the tandem command line in-process, capturing exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return withEnv(Map.of(), args);
    }

    static CliRun withEnv(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TandemCli.run(new PrintWriter(out), new PrintWriter(err), environment::get, args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
