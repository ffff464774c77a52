package dev.tandem.kafka;

import dev.tandem.playbook.ClientRole;
import dev.tandem.playbook.ClusterSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * Says in operators' words why a cluster refused who we are: which mechanism and principal were
 * refused (from the cluster's settings, never a password), or what about a TLS handshake failed.
 */
public final class ContactFailures {

    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private ContactFailures() {
    }

    /** The one line for an authentication or TLS failure in {@code cause}'s chain; empty for any other failure. */
    public static Optional<String> describe(ClusterSpec cluster, Throwable cause) {
        Throwable refusal = null;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                refusal = t;
                break;
            }
        }
        if (refusal == null) {
            return Optional.empty();
        }
        String label = ClusterContact.label(cluster);
        if (refusal instanceof SslAuthenticationException) {
            return Optional.of("TLS handshake with " + label + " failed: " + tlsReason(refusal));
        }
        Map<String, Object> config = cluster.clientConfig(ClientRole.ADMIN);
        if (refusal instanceof UnsupportedSaslMechanismException) {
            return Optional.of("authentication failed on " + label + ": the broker does not accept SASL mechanism "
                    + config.getOrDefault("sasl.mechanism", "GSSAPI") + " (choose one it enables in sasl.mechanism)");
        }
        return Optional.of("authentication failed on " + label + identity(config) + ": check the credentials");
    }

    /** " with SCRAM-SHA-512 as user replicator", from the settings; only what is known. */
    static String identity(Map<String, Object> config) {
        Object protocol = config.getOrDefault("security.protocol", "PLAINTEXT");
        if (!String.valueOf(protocol).toUpperCase(Locale.ROOT).startsWith("SASL")) {
            return " over " + protocol;
        }
        String mechanism = String.valueOf(config.getOrDefault("sasl.mechanism", "GSSAPI"));
        Matcher user = USERNAME.matcher(String.valueOf(config.getOrDefault("sasl.jaas.config", "")));
        return " with " + mechanism + (user.find() ? " as user " + user.group(1) : "");
    }

    /** What the TLS engine said, as a cause an operator can act on. */
    private static String tlsReason(Throwable refusal) {
        String said = "";
        for (Throwable t = refusal; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException && t.getMessage() != null) {
                said += " " + t.getMessage();
            }
        }
        String text = said.toLowerCase(Locale.ROOT);
        if (text.contains("pkix") || text.contains("certification path") || text.contains("unknown_ca")) {
            return "certificate not trusted (no CA in ssl.truststore.* signed the broker's certificate)";
        }
        if (text.contains("subject alternative name") || text.contains("no name matching")) {
            return "hostname mismatch (the broker's certificate does not name the host in bootstrap;"
                    + " ssl.endpoint.identification.algorithm checks it)";
        }
        if (text.contains("bad_certificate") || text.contains("certificate_required") || text.contains("certificate_unknown")) {
            return "the broker refused the client certificate (ssl.keystore.*), or none was given";
        }
        return said.isBlank() ? String.valueOf(refusal.getMessage()) : said.strip();
    }
}
