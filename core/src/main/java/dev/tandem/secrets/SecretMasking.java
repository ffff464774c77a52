package dev.tandem.secrets;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides which configuration values are secret and masks them for printing and logging.
 *
 * <p>A key is secret when one of its dot- or dash-separated words contains {@code password},
 * {@code secret}, {@code jaas}, {@code token} or {@code credential}, or when its last word ends in
 * {@code key} ({@code ssl.keystore.key}, {@code api-key}) — but not {@code key.serializer}.
 */
public final class SecretMasking {

    /** What a secret value is printed as. */
    public static final String MASK = "****";

    private static final Pattern SECRET_WORD =
            Pattern.compile("password|secret|jaas|token|credential");
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)(password=)[^&;]*");

    private SecretMasking() {
    }

    /** Whether the value of this configuration key must never be shown. */
    public static boolean isSecretKey(String key) {
        String[] words = key.toLowerCase(Locale.ROOT).split("[.\\-_]");
        for (String word : words) {
            if (SECRET_WORD.matcher(word).find()) {
                return true;
            }
        }
        return words.length > 0 && words[words.length - 1].endsWith("key");
    }

    /** A copy of the map, in the same order, with secret values replaced by {@link #MASK}. */
    public static Map<String, String> mask(Map<String, ?> config) {
        Map<String, String> masked = new LinkedHashMap<>();
        config.forEach((key, value) ->
                masked.put(key, isSecretKey(key) ? MASK : String.valueOf(value)));
        return masked;
    }

    /** A JDBC URL with any {@code password=...} parameter masked. */
    public static String maskJdbcUrl(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
    }
}
