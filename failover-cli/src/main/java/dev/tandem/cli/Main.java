package dev.tandem.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Entry point of the {@code tandem} jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(Arrays.asList(args));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        ShutdownHooks.stopOnSignals();
        ShutdownHooks.exit(TandemCli.run(out, err, System::getenv, args));
    }

    /**
     * slf4j-simple reads its levels once, when the first logger is made, so -v is looked for
     * here, before picocli parses the arguments. Logs go to stderr; Kafka's clients are quiet
     * unless something is wrong, since they log every connection attempt and their whole config
     * (with secrets as [hidden]: Kafka's own masking of password-type settings).
     */
    private static void configureLogging(List<String> args) {
        boolean verbose = args.contains("-v") || args.contains("--verbose");
        // SLF4J says at INFO which provider it loads when told which: not a line for the user
        setDefault("slf4j.internal.verbosity", "WARN");
        if (jsonLogs(args)) {
            // logback, for its JsonEncoder; the same levels as the human logs below
            setDefault("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
            setDefault("logback.configurationFile", "dev/tandem/cli/logback-json.xml");
            setDefault("tandem.log.default", verbose ? "INFO" : "WARN");
            setDefault("tandem.log.kafka", verbose ? "WARN" : "ERROR");
            setDefault("tandem.log.kafka.network", verbose ? "WARN" : "OFF");
            setDefault("tandem.log.flyway", verbose ? "INFO" : "WARN");
            return;
        }
        setDefault("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.kafka", verbose ? "warn" : "error");
        // A refused login is logged by the network client at ERROR on every retry; Tandem tells it
        // itself, in one line at start and in one WARN per cluster per minute while running.
        setDefault("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", verbose ? "warn" : "off");
        setDefault("org.slf4j.simpleLogger.log.dev.tandem", "info");
        setDefault("org.slf4j.simpleLogger.log.org.flywaydb", verbose ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    /** Whether {@code --log-format} asks for JSON, in any case, as picocli accepts the option's values. */
    static boolean jsonLogs(List<String> args) {
        return logFormat(args).equalsIgnoreCase(TandemCommand.LogFormat.json.name());
    }

    /** The value of {@code --log-format} ({@code --log-format json} or {@code --log-format=json}); picocli checks it. */
    static String logFormat(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--log-format") && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (arg.startsWith("--log-format=")) {
                return arg.substring("--log-format=".length());
            }
        }
        return "human";
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
