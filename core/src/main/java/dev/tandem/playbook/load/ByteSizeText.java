package dev.tandem.playbook.load;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes as a playbook writes it: {@code 20MB}, {@code 1.5GB}, {@code 512KiB},
 * {@code 1048576}. KB, MB and GB are decimal (1000), KiB, MiB and GiB binary (1024).
 */
final class ByteSizeText {

    static final String EXPECTED = "a size such as 20MB, 512KiB or 1048576 (B, KB, MB, GB, KiB, MiB, GiB)";
    static final long MIN_RATE = 1024;

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");
    private static final Map<String, Long> UNITS = Map.of("B", 1L, "KB", 1_000L, "MB", 1_000_000L,
            "GB", 1_000_000_000L, "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30);

    private ByteSizeText() {
    }

    static Optional<Long> parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNITS.get(
                m.group(2) == null ? "B" : m.group(2))));
        try {
            return Optional.of(bytes.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException tooLarge) {
            return Optional.empty();
        }
    }
}
