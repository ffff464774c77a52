package dev.tandem.playbook.load;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the references a playbook string may hold, so that secrets need not be written in it:
 * <ul>
 *   <li>{@code ${env:NAME}}: the value of environment variable NAME;</li>
 *   <li>{@code ${file:PATH}}: the whole file, without leading and trailing white space;</li>
 *   <li>{@code ${file:PATH:KEY}}: the value of KEY in a Java properties file, as Kafka's
 *       {@code FileConfigProvider} reads it; as in Kafka's references, the path ends at the first
 *       colon (a whole file whose path holds a colon cannot be referenced).</li>
 * </ul>
 * A relative PATH is taken from the playbook's folder, so a scheduled run finds the same files
 * from any working directory. Errors name the variable, the file or the key, never a value.
 */
final class References {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Thrown for a reference that cannot be resolved; the message names what is missing, never a value. */
    static final class UnresolvedException extends Exception {
        UnresolvedException(String message) {
            super(message);
        }
    }

    private final UnaryOperator<String> environment;
    private final Path baseDir;

    /**
     * @param environment looks up environment variables
     * @param baseDir     the playbook's folder, where relative file references start
     */
    References(UnaryOperator<String> environment, Path baseDir) {
        this.environment = environment;
        this.baseDir = baseDir;
    }

    String apply(String text) throws UnresolvedException {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        int end = 0;
        while (m.find()) {
            unclosed(text.substring(end, m.start()));
            String value = m.group(1).equals("env") ? variable(m.group(2)) : file(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
            end = m.end();
        }
        unclosed(text.substring(end));
        m.appendTail(out);
        return out.toString();
    }

    /** A reference without its closing brace would reach Kafka's client as a literal password. */
    private static void unclosed(String between) throws UnresolvedException {
        for (String kind : new String[] {"${env:", "${file:"}) {
            if (between.contains(kind)) {
                throw new UnresolvedException("unclosed reference " + kind + "... (expected " + kind + "...})");
            }
        }
    }

    private String variable(String name) throws UnresolvedException {
        if (!NAME.matcher(name).matches()) {
            throw new UnresolvedException("invalid environment reference ${env:" + name
                    + "} (expected ${env:NAME} with NAME of letters, digits and _)");
        }
        String value = environment.apply(name);
        if (value == null) {
            throw new UnresolvedException("environment variable " + name + " is not set");
        }
        return value;
    }

    /** {@code PATH} or {@code PATH:KEY}: the key follows the first colon, as in Kafka's config references. */
    private String file(String reference) throws UnresolvedException {
        if (reference.isBlank()) {
            throw new UnresolvedException("invalid file reference ${file:} (expected ${file:PATH} or ${file:PATH:KEY})");
        }
        int colon = reference.indexOf(':');
        Path path = baseDir.resolve(colon < 0 ? reference : reference.substring(0, colon)).normalize();
        if (colon < 0) {
            return read(path).strip();
        }
        String key = reference.substring(colon + 1);
        if (key.isEmpty()) {
            throw new UnresolvedException("invalid file reference ${file:" + reference
                    + "} (a key after the colon, or no colon for the whole file)");
        }
        Properties properties = new Properties();
        try (Reader reader = new java.io.StringReader(read(path))) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnresolvedException("file " + path + " is not a Java properties file");
        }
        String value = properties.getProperty(key);
        if (value == null) {
            throw new UnresolvedException("key " + key + " not found in file " + path);
        }
        return value;
    }

    private static String read(Path path) throws UnresolvedException {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UnresolvedException("file " + path + " not found");
        } catch (AccessDeniedException e) {
            throw new UnresolvedException("file " + path + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new UnresolvedException("file " + path + " cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
