package dev.tandem.playbook.load;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${env:NAME}} in playbook strings with the value of environment variable NAME. */
final class EnvSubstitution {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Thrown for a reference that cannot be resolved; the message names the variable, never a value. */
    static final class UnresolvedException extends Exception {
        UnresolvedException(String message) {
            super(message);
        }
    }

    private final UnaryOperator<String> environment;

    EnvSubstitution(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    String apply(String text) throws UnresolvedException {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!NAME.matcher(name).matches()) {
                throw new UnresolvedException("invalid environment reference ${env:" + name
                        + "} (expected ${env:NAME} with NAME of letters, digits and _)");
            }
            String value = environment.apply(name);
            if (value == null) {
                throw new UnresolvedException("environment variable " + name + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
