package dev.tandem.cli.sandbox;

import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.security.SandboxSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * The playbook that {@code tandem sandbox up --security MODE} writes next to the secured clusters:
 * the bundled sandbox playbook's flows, verify settings and drills, its clusters reached as user
 * {@code tandem} over SASL_SSL (SCRAM-SHA-512) or mutual TLS, the secrets read from the
 * sandbox's files with {@code ${file:...}} (never written in the playbook), its store in the folder.
 */
final class SecuredPlaybook {

    /** How a secured sandbox's playbook reaches its clusters. */
    enum Mode {
        SASL_SSL, MTLS;

        String option() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private SecuredPlaybook() {
    }

    /** Writes {@code DIR/playbook-MODE.yaml} and returns its path. */
    static Path write(Sandbox sandbox, Path dir, Mode mode) {
        SandboxSecurity secrets = sandbox.security().orElseThrow();
        List<String> lines = new ArrayList<>(List.of(
                "# Written by `tandem sandbox up --security " + mode.option() + "` for the secured clusters in this folder.",
                "# Secrets stay in ./security (files only their owner may read); ${file:...} reads them,",
                "# relative to this playbook's folder.",
                "version: 1",
                "",
                "clusters:"));
        for (var cluster : sandbox.clusters()) {
            lines.add("  " + cluster.alias() + ":");
            lines.add("    bootstrap: \"" + (mode == Mode.MTLS ? cluster.config().tlsBootstrap() : cluster.bootstrap())
                    + "\"");
            lines.add("    properties:");
            if (mode == Mode.MTLS) {
                lines.add("      security.protocol: SSL");
                lines.add("      ssl.keystore.type: PKCS12");
                lines.add("      ssl.keystore.location: \"" + secrets.keystore(SandboxSecurity.TANDEM) + "\"");
                lines.add("      ssl.keystore.password: \"${file:" + relative(dir, secrets.storePasswordFile()) + "}\"");
            } else {
                lines.add("      security.protocol: SASL_SSL");
                lines.add("      sasl.mechanism: SCRAM-SHA-512");
                lines.add("      sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + SandboxSecurity.TANDEM + "\" password=\"${file:"
                        + relative(dir, secrets.credentialsFile(SandboxSecurity.TANDEM)) + ":password}\";'");
            }
            lines.add("      ssl.truststore.type: PKCS12");
            lines.add("      ssl.truststore.location: \"" + secrets.truststore() + "\"");
            lines.add("      ssl.truststore.password: \"${file:" + relative(dir, secrets.storePasswordFile()) + "}\"");
        }
        String bundled = DemoCommand.bundledPlaybookText();
        int store = bundled.indexOf("\nstore:");
        if (store < 0) {
            throw new IllegalStateException("the bundled playbook has no store section to replace");
        }
        String storeUrl = "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("store");
        String rest = bundled.substring(store + 1).replaceFirst("jdbc-url: \"[^\"]*\"[^\\n]*",
                Matcher.quoteReplacement("jdbc-url: \"" + storeUrl + "\""));
        lines.add("");
        lines.add(rest);
        Path file = dir.resolve("playbook-" + mode.option() + ".yaml");
        try {
            Files.writeString(file, String.join("\n", lines));
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file, e);
        }
        return file;
    }

    private static String relative(Path dir, Path file) {
        return dir.toAbsolutePath().normalize().relativize(file).toString();
    }
}
